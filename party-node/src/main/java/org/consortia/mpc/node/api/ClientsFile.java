package org.consortia.mpc.node.api;

import java.nio.file.Path;
import java.util.function.Function;

import org.consortia.mpc.config.ConfigException;

/**
 * A node's API clients file as the job API uses it: read and checked at start ({@link ApiClients#load}), re-read on
 * SIGHUP ({@link #reload}). A reload is checked exactly as the start was (the file, the token files and the client CA
 * it names) and taken whole or not at all: when anything is wrong the current clients stay. Every request is
 * authenticated against the clients current when it arrives, so a token removed or changed in the file stops working
 * for the next request after the reload.
 */
public final class ClientsFile {
    private final Path file;
    private final Function<String, String> env;
    private volatile ApiClients current;

    /** Reads {@code file}; a {@link ConfigException} names the file and the field when it is wrong. */
    public ClientsFile(Path file, Function<String, String> env) {
        this.file = file;
        this.env = env;
        this.current = ApiClients.load(file, env);
    }

    /** The clients to authenticate a request against. */
    public ApiClients current() {
        return current;
    }

    public Path file() {
        return file;
    }

    /**
     * Re-reads the file and takes its clients. Throws the {@link ConfigException} that names the file and the field
     * when it is wrong, and the current clients stay.
     */
    public synchronized ApiClients reload() {
        ApiClients next = ApiClients.load(file, env); // read once and checked whole before it is taken
        current = next;
        return next;
    }

    @Override
    public String toString() {
        return "ClientsFile[" + file.getFileName() + ", " + current + "]";
    }
}

package org.consortia.mpc.node.cli;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.file.NoSuchFileException;

import javax.net.ssl.SSLException;

import org.consortia.mpc.config.ConfigException;

import picocli.CommandLine;

/**
 * The exit codes of every {@code mpc-node} command (listed in {@code mpc-node --help}), and the one line an expected
 * failure prints (a stack trace only with {@code --verbose}).
 */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** The job failed, was refused, or the API refused the request. */
    public static final int JOB_FAILED = 1;
    /** Bad usage, or a configuration or input file error. */
    public static final int USAGE = 2;
    /** A node or API could not be reached: connection refused, unknown host, TLS handshake refused. */
    public static final int UNREACHABLE = 3;
    /** Gave up waiting (a job still running after --timeout, a connection that timed out). */
    public static final int TIMEOUT = 4;
    /** An unexpected internal error (run again with --verbose for the stack trace). */
    public static final int INTERNAL = 5;

    private ExitCodes() {
    }

    @SafeVarargs
    private static Throwable find(java.util.List<Throwable> chain, Class<? extends Throwable>... types) {
        for (Class<? extends Throwable> type : types) {
            for (Throwable t : chain) {
                if (type.isInstance(t)) {
                    return t;
                }
            }
        }
        return null;
    }

    /** Prints one line naming the cause (the whole trace with --verbose) and maps the exception to a code. */
    static final class Handler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
            boolean verbose = parsed.hasMatchedOption("--verbose")
                    || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
            java.util.List<Throwable> chain = new java.util.ArrayList<>();
            for (Throwable t = e; t != null && chain.size() < 20; t = t.getCause()) {
                chain.add(t);
            }
            Throwable root = e;
            int code = INTERNAL;
            String what = null;
            Throwable t;
            if ((t = find(chain, UnknownHostException.class, java.nio.channels.UnresolvedAddressException.class)) != null) {
                code = UNREACHABLE;
                what = "unknown host";
            } else if ((t = find(chain, SSLException.class)) != null) {
                code = UNREACHABLE;
                what = "TLS handshake failed (is --ca the consortium CA, and the address a node's API?)";
            } else if ((t = find(chain, HttpConnectTimeoutException.class, HttpTimeoutException.class)) != null) {
                code = TIMEOUT;
                what = "timed out";
            } else if ((t = find(chain, ConnectException.class)) != null) {
                code = UNREACHABLE;
                what = "connection refused (is the node running, and is this its API address?)";
            } else if ((t = find(chain, ConfigException.class, NoSuchFileException.class)) != null) {
                code = USAGE;
                what = t instanceof NoSuchFileException ? "no such file" : "configuration";
            }
            if (t != null) {
                root = t;
            }
            String msg = root.getMessage();
            String line = what == null ? (msg == null ? root.getClass().getSimpleName() : msg)
                    : msg == null || msg.isBlank() ? what : what + ": " + msg;
            cmd.getErr().println(cmd.getCommandName() + ": " + line + (verbose || code != INTERNAL ? "" : " (--verbose for details)"));
            if (verbose) {
                e.printStackTrace(cmd.getErr());
            }
            return code;
        }
    }
}

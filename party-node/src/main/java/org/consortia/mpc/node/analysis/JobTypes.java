package org.consortia.mpc.node.analysis;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The registry of {@link JobType}s: every type on the class path (registered by {@code @AutoService}), by analysis name.
 * Two types answering to one name are refused when the registry loads.
 */
public final class JobTypes {
    private static final Map<String, JobType> BY_NAME = new TreeMap<>();

    static {
        for (JobType t : ServiceLoader.load(JobType.class, JobType.class.getClassLoader())) {
            for (String name : t.names()) {
                if (BY_NAME.put(name, t) != null) {
                    throw new IllegalStateException("two job types answer to " + name);
                }
            }
        }
    }

    private JobTypes() {
    }

    /** The type that parses analysis {@code name}, or {@code null}. */
    public static JobType get(String name) {
        return BY_NAME.get(name);
    }

    /** Every analysis name, sorted. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }
}

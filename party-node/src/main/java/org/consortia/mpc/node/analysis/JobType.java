package org.consortia.mpc.node.analysis;

import java.util.List;

/**
 * A job type: the analysis names it answers to and how a spec's parameters become its typed {@link Analysis}, checked
 * field by field. A job type is one file: its {@link Analysis} record with a nested {@code Type} annotated
 * {@code @AutoService(JobType.class)}, found by {@link JobTypes} (docs/extending.md).
 */
public interface JobType {
    /** The analysis names of the job spec this type parses (e.g. {@code dp-sum} and {@code dp-mean}). */
    List<String> names();

    /** The typed job of analysis {@code name}: every parameter read through {@code p}, each error naming its field. */
    Analysis parse(String name, SpecParams p);
}

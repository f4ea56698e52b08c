package org.consortia.mpc.tools.report;

/** Model quality measures the reports and the tests compare secure training against its plaintext reference with. */
public final class Metrics {
    private Metrics() {
    }

    /** The area under the ROC curve: the probability that a positive row scores above a negative one (ties count half). */
    public static double auc(double[] score, double[] label) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < score.length; i++) {
            for (int j = 0; j < score.length; j++) {
                if (label[i] > 0.5 && label[j] < 0.5) {
                    pairs++;
                    wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
                }
            }
        }
        return wins / pairs;
    }
}

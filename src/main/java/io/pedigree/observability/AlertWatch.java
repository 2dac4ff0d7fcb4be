package io.pedigree.observability;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run of crossing measurements of one metric against one threshold on one deployment, as stored between
 * batches. A run starts with the first crossing measurement after the latest one that did not cross and ends when
 * one that starts inside it does not cross; the threshold is crossed "for a duration" once a run spans it. Late
 * measurements are placed by their start, so a re-sent or back-filled batch changes nothing it already counted.
 */
final class AlertWatch {

    Long lastOk;
    Long runFrom;
    Long runTo;
    long count;
    double sum;
    double min;
    double max;
    /** The end of the run the last alert from this watch covered; the same measurements never alert twice. */
    Long alertedTo;

    static AlertWatch of(Map<String, Object> stored) {
        AlertWatch w = new AlertWatch();
        w.lastOk = asLong(stored.get("lastOk"));
        w.runFrom = asLong(stored.get("runFrom"));
        w.runTo = asLong(stored.get("runTo"));
        w.count = stored.get("count") == null ? 0 : ((Number) stored.get("count")).longValue();
        w.sum = asDouble(stored.get("sum"));
        w.min = asDouble(stored.get("min"));
        w.max = asDouble(stored.get("max"));
        w.alertedTo = asLong(stored.get("alertedTo"));
        return w;
    }

    /** Adds one measurement over {@code [start, end)} (epoch milliseconds) that did or did not cross. */
    void add(long start, long end, double value, boolean crossing) {
        if (!crossing) {
            lastOk = lastOk == null ? start : Math.max(lastOk, start);
            if (runFrom != null && start >= runFrom) {
                runFrom = null;
                runTo = null;
                count = 0;
                sum = 0;
            }
            return;
        }
        if (lastOk != null && start <= lastOk) {
            return;
        }
        if (runFrom == null) {
            runFrom = start;
            runTo = end;
            min = value;
            max = value;
        } else {
            runFrom = Math.min(runFrom, start);
            runTo = Math.max(runTo, end);
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        count++;
        sum += value;
    }

    /** Whether the run spans {@code durationMillis} and reaches past whatever the last alert from here covered. */
    boolean due(long durationMillis) {
        return runFrom != null && runTo - runFrom >= durationMillis && (alertedTo == null || runTo > alertedTo);
    }

    double mean() {
        return count == 0 ? 0 : sum / count;
    }

    Map<String, Object> stored() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lastOk", lastOk);
        m.put("runFrom", runFrom);
        m.put("runTo", runTo);
        m.put("count", count);
        m.put("sum", sum);
        m.put("min", min);
        m.put("max", max);
        m.put("alertedTo", alertedTo);
        return m;
    }

    private static Long asLong(Object o) {
        return o == null ? null : ((Number) o).longValue();
    }

    private static double asDouble(Object o) {
        return o == null ? 0 : ((Number) o).doubleValue();
    }
}

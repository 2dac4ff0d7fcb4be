package io.pedigree.api;

import io.pedigree.observability.Measurement;

import java.util.ArrayList;
import java.util.List;

/** Request bodies of the production-measurement routes, parsed into the service's types at the edge. */
final class ObservabilityBodies {

    private ObservabilityBodies() {
    }

    record MeasurementBody(String deployment, String metric, Double value, String unit, String start, String end) {
    }

    record MeasurementsBody(List<MeasurementBody> measurements) {

        List<Measurement> parse() {
            if (measurements == null) {
                throw new io.pedigree.error.PedigreeException.InvalidInput("measurements",
                        "measurements lists the values to record");
            }
            List<Measurement> out = new ArrayList<>(measurements.size());
            for (int i = 0; i < measurements.size(); i++) {
                String p = "measurements[" + i + "].";
                MeasurementBody b = measurements.get(i);
                if (b == null) {
                    throw new io.pedigree.error.PedigreeException.InvalidInput("measurements[" + i + "]",
                            "A measurement is an object");
                }
                out.add(Measurement.of(p, b.deployment(), b.metric(), b.value(), b.unit(),
                        b.start() == null ? null : Params.instant(p + "start", b.start()),
                        b.end() == null ? null : Params.instant(p + "end", b.end())));
            }
            return out;
        }
    }
}

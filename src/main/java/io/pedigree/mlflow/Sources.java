package io.pedigree.mlflow;

import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.registry.VersionInput;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Where a model version's {@code source} URI points in Pedigree's artifact proxy, and its files as artifacts. */
final class Sources {

    private static final String PROXY = "mlflow-artifacts:";
    private static final String RUNS = "runs:/";

    private Sources() {
    }

    /**
     * The proxy directory a source names: {@code mlflow-artifacts:/<path>} (with or without a host), or
     * {@code runs:/<run id>/<path>} under the producing run's artifact root; null for any other store.
     */
    static String proxyPath(String source, Ml.Run run) {
        String path = null;
        if (source.startsWith(PROXY)) {
            path = source.substring(PROXY.length());
            if (path.startsWith("//")) {
                int slash = path.indexOf('/', 2);
                path = slash < 0 ? "" : path.substring(slash);
            }
        } else if (source.startsWith(RUNS) && run != null) {
            String rest = source.substring(RUNS.length());
            String id = run.info().runId();
            if (rest.equals(id) || rest.startsWith(id + "/")) {
                String root = run.info().artifactUri().substring(PROXY.length());
                path = root + rest.substring(id.length());
            }
        }
        if (path == null) {
            return null;
        }
        try {
            return ArtifactFiles.checkPath(path);
        } catch (InvalidInput e) {
            return null;
        }
    }

    /**
     * The files as the version's artifacts, one per distinct content (a file stored twice is one artifact), named
     * by their last path part: artifact names are labels, the manifest keeps the paths.
     */
    static List<VersionInput.ArtifactRef> artifacts(List<ArtifactFiles.File> files) {
        Set<String> seen = new LinkedHashSet<>();
        List<VersionInput.ArtifactRef> out = new ArrayList<>();
        for (ArtifactFiles.File f : files) {
            if (seen.add(f.sha256())) {
                String base = f.path().substring(f.path().lastIndexOf('/') + 1).replace(':', '_')
                        .replace('\u007f', '_');
                base = base.length() > 255 ? base.substring(base.length() - 255) : base;
                out.add(new VersionInput.ArtifactRef("file", base, f.sha256(), f.size()));
            }
        }
        return out;
    }
}

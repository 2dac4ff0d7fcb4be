package io.pedigree.web.graph;

import io.pedigree.fields.FieldGraph;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the node page's drawing needs to show fields inside its dataset boxes.
 *
 * @param scope  reads the fields of the drawn dataset boxes (node keys) and the features of the drawn model
 *               versions, once the drawing knows which boxes it holds
 * @param chosen the field whose lineage is highlighted, {@code dataset:<family>#<path>}, or null
 * @param field  from a field key to the URL a row links to; not yet escaped
 * @param unfold from a dataset box's node key to the URL of this drawing with that box unfolded; not yet escaped
 */
public record FieldOverlay(BiFunction<List<String>, List<String>, FieldGraph.Scope> scope, String chosen,
                           Function<String, String> field, Function<String, String> unfold) {
}

package io.pedigree.mlflow;

import org.neo4j.cypherdsl.core.Cypher;
import org.neo4j.cypherdsl.core.Expression;
import org.neo4j.cypherdsl.core.Node;
import org.neo4j.cypherdsl.core.SortItem;
import org.neo4j.cypherdsl.core.Statement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Cypher of MLflow's run search: the filter's attributes, tags, params and metrics as conditions on the run's
 * bookkeeping node, its order_by, and a page, in one query.
 */
final class RunSearches {

    static final FilterCypher.Columns COLUMNS = new FilterCypher.Columns(Map.of("run_name", "name",
            "status", "status", "run_id", "id", "user_id", "userId", "lifecycle_stage", "lifecycleStage"),
            Map.of("start_time", "startTime", "end_time", "endTime"),
            Map.of(Filter.TAGS, "tags", Filter.PARAMS, "params"), Runs.METRIC_PREFIX);
    static final Filter.Grammar GRAMMAR = new Filter.Grammar(Set.of("run_name", "status", "run_id",
            "user_id", "lifecycle_stage", "start_time", "end_time"), Set.of(Filter.TAGS, Filter.PARAMS,
            Filter.METRICS), true);

    private RunSearches() {
    }

    static Statement query(List<String> experimentIds, Filter filter, List<String> orderBy, int from, int max) {
        Node r = Cypher.node("MlflowRun").named("r");
        Map<String, Expression> sortable = new HashMap<>();
        COLUMNS.strings().forEach((name, property) -> sortable.put(name, r.property(property)));
        COLUMNS.numbers().forEach((name, property) -> sortable.put(name, r.property(property)));
        List<SortItem> sort = new ArrayList<>(FilterCypher.orderBy(orderBy, r, sortable, COLUMNS));
        sort.add(r.property("startTime").descending());
        sort.add(r.property("id").ascending());
        return Cypher.match(r)
                .where(r.property("experimentId").in(Cypher.parameter("experiments", experimentIds))
                        .and(FilterCypher.where(filter, r, COLUMNS)))
                .returning(r.as("r"))
                .orderBy(sort)
                .skip(Cypher.parameter("skip", from))
                .limit(Cypher.parameter("limit", max + 1))
                .build();
    }
}

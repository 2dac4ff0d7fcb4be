package io.pedigree.prov;

import java.util.function.Consumer;

/**
 * What an export holds. PROV-JSON groups statements by kind, so a writer walks the source once per section:
 * a source over the whole graph reads it page by page each time rather than holding it.
 */
interface ProvSource {

    void nodes(Consumer<ProvNode> each);

    void edges(Consumer<ProvEdge> each);

    /** A model version's governance records; other exports have none. */
    default void acts(Consumer<ProvAct> each) {
    }
}

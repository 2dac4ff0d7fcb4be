package io.pedigree.openlineage;

import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Namespaces and names from the spec's naming table round-trip through Pedigree keys. */
class KeysTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "postgres://db.internal:5432|shop.public.transactions",
            "mysql://db:3306|shop.orders",
            "s3://lake-bucket|raw/2026/10/01/part-0000.parquet",
            "gs://bucket|path/to/file.csv",
            "kafka://broker-1:9092|payments.events",
            "abfss://container@account.dfs.core.windows.net|curated/fraud/features",
            "bigquery|project-1.dataset_2.table_3",
            "snowflake://acme-org-account1|ANALYTICS.PUBLIC.FEATURES",
            "redshift://cluster.us-east-1:5439|dev.public.sales",
            "hive://metastore:9083|warehouse.orders",
            "hdfs://namenode:8020|/data/orders",
            "file|/tmp/data/x.csv",
            "arn:aws:glue:eu-west-1:123456789012|table/db/orders",
            "trino://coordinator:8080|hive.sales.orders {with braces} 100% @ at",
    })
    void specNamesRoundTripThroughKeys(String namespace, String name) {
        OlEvent.Identity id = new OlEvent.Identity(namespace, name);
        for (String version : new String[] {null, "v1", "snapshot@123"}) {
            NodeKey key = Keys.of(Kind.DATASET, id, version, "$.inputs[0].name");
            NodeKey back = NodeKey.parse("key", key.toString());
            assertThat(back).isEqualTo(key);
            assertThat(back.namespace()).isEqualTo(namespace);
            assertThat(back.name()).isEqualTo(name);
            assertThat(back.version()).isEqualTo(version);
        }
        assertThat(Keys.job(new OlEvent.Identity(namespace, name)).toString()).startsWith("run:{");
    }
}

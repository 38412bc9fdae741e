package io.npy4j.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of the test JVM (the first query costs seconds): {@code local[2,2]}, two cores and up to two
 * attempts per task, so a test can fail a first attempt and see Spark retry it.
 */
final class SparkTests {
    private static SparkSession session;

    private SparkTests() {
    }

    static synchronized SparkSession spark() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2,2]")
                    .appName("npy4j-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    // keep the 4 range partitions of a write even for tiny test data: several writers per file
                    .config("spark.sql.adaptive.coalescePartitions.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.session.timeZone", "UTC")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }
}

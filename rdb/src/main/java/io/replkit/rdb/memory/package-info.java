/**
 * Memory reports from RDB files, in the manner of redis-rdb-tools' {@code -c memory}: per-key RAM
 * estimates ({@link io.replkit.rdb.memory.MemoryEstimator}, {@link io.replkit.rdb.memory.KeyMemory}),
 * totals by key prefix ({@link io.replkit.rdb.memory.PrefixAggregator}) and the largest keys
 * ({@link io.replkit.rdb.memory.TopN}). Everything streams: one pass over the file, nothing kept
 * per key but the report's own rows.
 *
 * <pre>{@code
 * MemoryEstimator estimator = null;
 * PrefixAggregator prefixes = new PrefixAggregator(2, ":");
 * TopN largest = new TopN(100);
 * try (RdbReader r = RdbReader.open(file)) {
 *     String version = null;
 *     for (RdbRecord rec; (rec = r.next()) != null; ) {
 *         if (rec instanceof AuxField a && a.name().equals("redis-ver")) {
 *             version = a.valueAsString();
 *         } else if (rec instanceof KeyEntry e) {
 *             if (estimator == null) {
 *                 estimator = version != null ? MemoryEstimator.forServerVersion(version)
 *                     : MemoryEstimator.forRdbVersion(r.header().version());
 *             }
 *             KeyMemory m = estimator.estimate(e);
 *             // CSV row: e.db(), MemoryEstimator.typeName(e.type().dataType()), key, m.sizeInBytes(),
 *             //          m.encoding(), m.numElements(), m.lenLargestElement(), m.expiry()
 *             prefixes.add(e.key(), m.sizeInBytes());
 *             largest.offer(e, m);
 *         }
 *     }
 * }
 * }</pre>
 */
package io.replkit.rdb.memory;

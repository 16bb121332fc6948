package io.secposture.api;

import java.util.List;

/**
 * Folds parsed scanner outputs into the posture report, and merges partial reports (one per scan, or one per shard
 * of a run spread over several machines) into one.
 *
 * <p><b>Who calls it.</b> The pipeline calls {@link #start(RunInfo)} once per scan and {@link #merge(List)} once per
 * run; the {@code merge} command calls {@link #merge(List)} on shard reports read back from JSON.
 *
 * <p><b>The law.</b> {@link #merge(List)} is associative and commutative, so any grouping and order of partial
 * reports gives the same result, and merging the reports of disjoint sets of scans equals aggregating all of them
 * at once. secposture-core's default aggregator proves this with property tests; implementations extend
 * {@code AggregatorContract} from secposture-test-kit.
 *
 * <p>Implementations have a public no-argument constructor, are registered in
 * {@code META-INF/services/io.secposture.api.Aggregator} and are stateless.
 */
public interface Aggregator {

  /**
   * Returns the aggregator's unique name, e.g. {@code default}.
   *
   * @return the name
   */
  String name();

  /**
   * Starts an aggregation for one scan (or one set of files) of a run.
   *
   * @param run the run
   * @return a fresh accumulator
   */
  Aggregation start(RunInfo run);

  /**
   * Merges partial reports into one.
   *
   * @param partials the reports to merge; must not be empty
   * @return the merged report
   * @throws IllegalArgumentException if {@code partials} is empty or their schema versions differ
   */
  PostureReport merge(List<PostureReport> partials);
}

package io.secposture.testkit;

import io.secposture.api.Aggregator;
import io.secposture.api.Plugins;

/**
 * secposture-core's {@code default} aggregator keeps the aggregator contract. It lives here rather than in core
 * because core cannot depend on the test kit (which depends on core); it looks the aggregator up by name, as a
 * user would.
 */
class DefaultAggregatorContractTest extends AggregatorContract {
  @Override
  protected Aggregator aggregator() {
    return Plugins.discover().aggregator("default");
  }
}

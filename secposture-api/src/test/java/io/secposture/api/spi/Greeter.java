package io.secposture.api.spi;

import java.util.concurrent.atomic.AtomicInteger;

/** A test extension kind, with implementations listed in generated META-INF/services files. */
public interface Greeter {
  /** How many greeters of any class have been constructed; reset by each test. */
  AtomicInteger CREATED = new AtomicInteger();

  String name();

  /** A greeter named {@code hello}. */
  class Hello implements Greeter {
    public Hello() {
      CREATED.incrementAndGet();
    }

    @Override
    public String name() {
      return "hello";
    }
  }

  /** A second, different class also named {@code hello}. */
  class HelloTwin extends Hello {
  }

  /** A greeter named {@code howdy}. */
  class Howdy extends Hello {
    @Override
    public String name() {
      return "howdy";
    }
  }

  /** A greeter that takes its time to be created, so concurrent first loads overlap. */
  class Slow extends Hello {
    public Slow() throws InterruptedException {
      Thread.sleep(200);
    }

    @Override
    public String name() {
      return "slow";
    }
  }
}

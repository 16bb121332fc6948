package io.secposture.testkit;

import java.util.Map;

/**
 * Runs a contract class in a JVM of its own (a different SLF4J provider on its class path) and prints each test's
 * outcome on a line: {@code OUTCOME <method> <status>: <message>}. Arguments: the contract class.
 */
public final class RunContractCase {
  private RunContractCase() {
  }

  /**
   * Runs the class.
   *
   * @param args the contract class's name
   * @throws ClassNotFoundException if there is no such class
   */
  public static void main(String[] args) throws ClassNotFoundException {
    Map<String, String> outcomes = ContractsCatchBadPluginsTest.run(Class.forName(args[0]));
    outcomes.forEach((method, outcome) -> System.out.println("OUTCOME " + method + " "
        + outcome.replaceAll("\\s+", " ")));
    System.out.flush();
    System.exit(0);
  }
}

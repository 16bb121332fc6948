package io.secposture.storage.azure;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the Azurite shared by the whole test run: the first test that asks installs the npm packages (when
 * needed) and starts it; JUnit stops it when the run ends. Without Node.js the tests fail, saying so.
 */
final class AzuriteExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Azurite.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Azurite.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("shared", key -> Azurite.start(),
        Azurite.class);
  }
}

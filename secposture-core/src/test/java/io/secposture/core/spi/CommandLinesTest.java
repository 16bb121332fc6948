package io.secposture.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.Secret;
import io.secposture.core.Redactor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Command lines as a person reads them in a log. */
class CommandLinesTest {
  @Test
  void quote_plainArgumentsStayAndOthersGoInSingleQuotes() {
    assertThat(CommandLines.quote("--report-dir=/tmp/out,x@y:1")).isEqualTo("--report-dir=/tmp/out,x@y:1");
    assertThat(CommandLines.quote("two words")).isEqualTo("'two words'");
    assertThat(CommandLines.quote("it's")).isEqualTo("'it'\\''s'");
    assertThat(CommandLines.quote("")).isEqualTo("''");
    assertThat(CommandLines.quote("$HOME;rm")).isEqualTo("'$HOME;rm'");
  }

  @Test
  void forLog_masksASecretBeforeQuotingSoAQuoteInsideItCannotHideIt() {
    Secret secret = Secret.of("pa'ss word 42");

    String line = CommandLines.forLog(List.of("tool", "--key", "pa'ss word 42"), Redactor.of(List.of(secret)));

    assertThat(line).isEqualTo("tool --key ****");
  }

  @Test
  void environmentForLog_showsPlainValuesAndOnlyNamesOfSecretsAndRemovedVariables() {
    String text = CommandLines.environmentForLog(Map.of("TZ", "UTC", "A", "x y"), List.of("TOKEN", "KEY"),
        List.of("AWS_PROFILE"));

    assertThat(text).isEqualTo(" (environment: A='x y' TZ=UTC; secrets in KEY, TOKEN; removed AWS_PROFILE)");
  }
}

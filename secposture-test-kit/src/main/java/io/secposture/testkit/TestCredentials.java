package io.secposture.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Credentials shaped exactly as the clouds issue them, made fresh for each test, for proving that a scanner masks
 * every part of a secret a careless tool may print: a Google service-account key file with a real RSA private key.
 *
 * <p>Who uses it: scanner tests (in-house plugins too) that hand such a key to a stand-in which prints it whole, by
 * line or JSON-escaped, and then check that none of {@link #sensitiveParts()} shows up in logs, results or published
 * files. Instances are immutable and thread-safe.
 *
 * @param json the key file's content, pretty-printed as {@code gcloud iam service-accounts keys create} writes it
 * @param privateKeyPem the {@code private_key} field: a PKCS#8 PEM with 64-character lines and a final line break
 * @param privateKeyId the {@code private_key_id} field: 40 hex digits
 * @param clientEmail the {@code client_email} field, which is not a secret
 */
public record TestCredentials(String json, String privateKeyPem, String privateKeyId, String clientEmail) {

  /**
   * Makes a new service-account key for a project.
   *
   * @param projectId the project id, e.g. {@code prod-project}
   * @return the key
   */
  public static TestCredentials gcpServiceAccountKey(String projectId) {
    String pem = privateKeyPem(2048);
    byte[] id = new byte[20];
    ThreadLocalRandom.current().nextBytes(id);
    String keyId = HexFormat.of().formatHex(id);
    String email = "scanner@" + projectId + ".iam.gserviceaccount.com";
    String json = "{\n"
        + "  \"type\": \"service_account\",\n"
        + "  \"project_id\": \"" + projectId + "\",\n"
        + "  \"private_key_id\": \"" + keyId + "\",\n"
        + "  \"private_key\": \"" + escaped(pem) + "\",\n"
        + "  \"client_email\": \"" + email + "\",\n"
        + "  \"client_id\": \"104567890123456789012\",\n"
        + "  \"auth_uri\": \"https://accounts.google.com/o/oauth2/auth\",\n"
        + "  \"token_uri\": \"https://oauth2.googleapis.com/token\",\n"
        + "  \"auth_provider_x509_cert_url\": \"https://www.googleapis.com/oauth2/v1/certs\",\n"
        + "  \"client_x509_cert_url\": \"https://www.googleapis.com/robot/v1/metadata/x509/scanner%40" + projectId
        + ".iam.gserviceaccount.com\",\n"
        + "  \"universe_domain\": \"googleapis.com\"\n"
        + "}\n";
    return new TestCredentials(json, pem, keyId, email);
  }

  /**
   * Returns the lines of the private key's body (between the BEGIN and END lines).
   *
   * @return the base64 lines
   */
  public List<String> privateKeyLines() {
    return privateKeyPem.lines().filter(line -> !line.startsWith("-----")).toList();
  }

  /**
   * Returns the {@code private_key} field as the JSON file holds it, with {@code \n} escapes.
   *
   * @return the escaped private key
   */
  public String privateKeyEscaped() {
    return escaped(privateKeyPem);
  }

  /**
   * Returns every part of the key that must never be printed: the whole file, the private key (as PEM, escaped, and
   * with its body joined into one line), every body line of at least 12 characters (shorter pieces are not masked on
   * their own, see {@code Redactor}), and the private key id.
   *
   * @return the parts
   */
  public List<String> sensitiveParts() {
    List<String> parts = new ArrayList<>();
    parts.add(json.strip());
    parts.add(privateKeyPem.strip());
    parts.add(privateKeyEscaped());
    parts.add(String.join("", privateKeyLines()));
    privateKeyLines().stream().filter(line -> line.length() >= 12).forEach(parts::add);
    parts.add(privateKeyId);
    return parts;
  }

  /**
   * Writes the key file.
   *
   * @param file where to write it
   * @return the file
   */
  public Path write(Path file) {
    try {
      return Files.writeString(file, json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Prints the client email and key id only, never the private key. */
  @Override
  public String toString() {
    return "TestCredentials[" + clientEmail + ", key " + privateKeyId.substring(0, 6) + "...]";
  }

  private static String privateKeyPem(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
      return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
          + "\n-----END PRIVATE KEY-----\n";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM cannot make RSA keys", e);
    }
  }

  private static String escaped(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}

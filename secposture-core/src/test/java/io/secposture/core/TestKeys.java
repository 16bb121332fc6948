package io.secposture.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * Credentials shaped as the clouds issue them, made fresh per test: a real RSA private key in PEM and a Google
 * service-account key file around it, as {@code gcloud iam service-accounts keys create} writes it.
 */
final class TestKeys {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestKeys() {
  }

  /** A fresh 2048-bit RSA private key, PKCS#8 PEM with 64-character lines and a final newline. */
  static String privateKeyPem() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
      return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
          + "\n-----END PRIVATE KEY-----\n";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The lines of a PEM's body (without the BEGIN and END lines). */
  static List<String> bodyLines(String pem) {
    return pem.lines().filter(line -> !line.startsWith("-----")).toList();
  }

  /** A service-account key file, pretty-printed as Google writes it. */
  static String serviceAccountJson(String privateKeyId, String pem) {
    ObjectNode key = JSON.createObjectNode();
    key.put("type", "service_account");
    key.put("project_id", "prod-project");
    key.put("private_key_id", privateKeyId);
    key.put("private_key", pem);
    key.put("client_email", "scanner@prod-project.iam.gserviceaccount.com");
    key.put("client_id", "104567890123456789012");
    key.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
    key.put("token_uri", "https://oauth2.googleapis.com/token");
    key.put("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs");
    key.put("client_x509_cert_url",
        "https://www.googleapis.com/robot/v1/metadata/x509/scanner%40prod-project.iam.gserviceaccount.com");
    key.put("universe_domain", "googleapis.com");
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(key) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The text a JSON document holds for a string: its escaped form without the quotes. */
  static String jsonEscaped(String value) {
    try {
      String quoted = JSON.writeValueAsString(value);
      return quoted.substring(1, quoted.length() - 1);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.testing.TestCertificates;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} judges its options before it makes anything. Regressions: {@code --port 99999}
 * printed {@code java.lang.IllegalArgumentException} after making a data folder; a busy port made a
 * whole data folder whose administrator token was never shown; a missing TLS file or a bad name
 * failed only after the folder was made.
 */
class ServeOptionsTest {
  @TempDir Path dir;

  private TestCli.Result serve(String... options) {
    List<String> all = new ArrayList<>(List.of("serve", "--data", dir.resolve("data").toString()));
    all.addAll(List.of(options));
    return TestCli.runExactly(all.toArray(new String[0]));
  }

  private void assertUsageErrorAndNothingMade(String... options) {
    TestCli.Result r = serve(options);
    String what = String.join(" ", options);
    assertThat(r.code()).as(what + ": " + r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).as(what).startsWith("parley: ").doesNotContain("java.lang.").doesNotContain("Exception");
    assertThat(dir.resolve("data")).as(what).doesNotExist();
  }

  /**
   * A TLS file that is missing, or whose key is not PKCS#8 or not the certificate's, is invalid input
   * (1), as every file named on the command line; nothing is made (a hostile run: exit 2, and a key
   * of another certificate started a node that no client could reach).
   */
  @Test
  void serve_badTlsFiles_invalidInputAndNothingMade() throws Exception {
    var made = TestCertificates.selfSigned(dir, "node");
    var other = TestCertificates.selfSigned(dir, "other");
    Path traditional = Files.writeString(dir.resolve("trad.pem"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    String[][] cases = {
        {dir.resolve("missing.pem").toString(), made.key().toString(), "cannot read the certificate chain", "no such file"},
        {made.cert().toString(), dir.resolve("missing-key.pem").toString(), "cannot read the private key", "no such file"},
        {made.cert().toString(), traditional.toString(), "trad.pem holds no unencrypted PKCS#8 key", "openssl pkcs8 -topk8"},
        {made.cert().toString(), other.key().toString(), "is not the key of the certificate", "other-key.pem"},
    };
    for (String[] c : cases) {
      TestCli.Result r = serve("--tls-cert", c[0], "--tls-key", c[1], "--port", "0");
      assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.INVALID);
      assertThat(r.err()).startsWith("parley: ").contains(c[2]).contains(c[3]).doesNotContain("Exception");
      assertThat(dir.resolve("data")).doesNotExist();
    }
  }

  @Test
  void serve_badOption_usageErrorAndNothingMade() throws Exception {
    assertUsageErrorAndNothingMade("--port", "99999");
    assertUsageErrorAndNothingMade("--port", "-1");
    assertUsageErrorAndNothingMade("--port", "abc");
    assertUsageErrorAndNothingMade("--host", "no-such-host.invalid", "--port", "0");
    assertUsageErrorAndNothingMade("--host", "192.0.2.1", "--port", "0"); // TEST-NET-1 (RFC 5737): no address of this machine
    assertUsageErrorAndNothingMade("--tls-cert", dir.resolve("cert.pem").toString(), "--port", "0");
    assertUsageErrorAndNothingMade("--api-root", "A B", "--port", "0");
    assertUsageErrorAndNothingMade("--api-root", "taxii2", "--port", "0");
    assertUsageErrorAndNothingMade("--add-wait", "-1", "--port", "0");
    assertUsageErrorAndNothingMade("--add-wait", "NaN", "--port", "0");
    assertUsageErrorAndNothingMade("--add-wait", "Infinity", "--port", "0");
    assertUsageErrorAndNothingMade("--name", "cert a+b", "--port", "0");
    assertUsageErrorAndNothingMade("--db", "mysql://db/parley", "--port", "0");
    assertUsageErrorAndNothingMade("--max-page-size", "0", "--port", "0");
    assertUsageErrorAndNothingMade("--telemetry-dir", dir.resolve("no-such-folder").toString(), "--port", "0");
    assertUsageErrorAndNothingMade("--telemetry-tlp", "purple", "--port", "0");
    assertUsageErrorAndNothingMade("--api-root", "telemetry", "--port", "0"); // POST /telemetry is the node's
    Files.writeString(dir.resolve("data"), "a file");
    TestCli.Result r = serve("--port", "0");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("is not a folder");
  }

  /**
   * A hostile run (issue 12, finding 15): {@code --max-content-length 1000} was refused as
   * "maxContentLength must be at least 1024 bytes", a name the user never typed.
   */
  @Test
  void serve_limitBelowItsMinimum_namesTheOption() {
    TestCli.Result r = serve("--max-content-length", "1000", "--port", "0");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--max-content-length is a number of bytes, 1024 or more: 1000").doesNotContain("maxContentLength");
    r = serve("--max-page-size", "0", "--port", "0");
    assertThat(r.err()).contains("--max-page-size is a number of objects, 1 or more: 0").doesNotContain("maxPageSize");
    for (String budget : new String[] {"99", "0", "-5", "100000001"}) {
      r = serve("--sighting-budget", budget, "--port", "0");
      assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains("--sighting-budget is a number of sightings, 100 to 100000000: " + budget);
    }
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void serve_portTaken_failsAndMakesNothing() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      TestCli.Result r = serve("--port", Integer.toString(taken.getLocalPort()));
      assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.INVALID);
      assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
    assertThat(dir.resolve("data")).doesNotExist();
  }
}

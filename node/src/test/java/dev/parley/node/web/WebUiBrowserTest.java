package dev.parley.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.node.TestNode;
import dev.parley.policy.agreement.Agreement;
import dev.parley.policy.agreement.Parsed;
import dev.parley.store.accounts.Right;
import dev.parley.store.browse.BrowseStore;
import dev.parley.store.collections.Collection;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web interface (issue 13) driven in a real headless Chromium (Debian's chromium and
 * chromedriver; nothing is downloaded), as an analyst, an operator and a hostile page would: one
 * node and one browser for the whole class. Hostile STIX strings sit in every text property of the
 * objects shown and must never run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiBrowserTest {
  static final String HOSTILE = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=1\">\"'><svg onload=window.__xss=1>";
  static Node node;
  static WebDriver browser;
  static String base;
  static String admin;
  static UUID intel;
  static UUID secret;
  static String indicatorId = "indicator--" + UUID.randomUUID();
  static String malwareId = "malware--" + UUID.randomUUID();
  static String reportId = "report--" + UUID.randomUUID();
  static Path profile;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("parley-web-test");
    node = Node.start(NodeConfig.defaults().withDataDir(dir).withListen("127.0.0.1", 0));
    base = "http://127.0.0.1:" + node.port();
    admin = Files.readString(dir.resolve("admin.token")).trim();
    intel = UUID.randomUUID();
    secret = UUID.randomUUID();
    node.stores().collections().create(new Collection(intel, "api1", "Intel " + HOSTILE, "shared " + HOSTILE, null));
    node.stores().collections().create(new Collection(secret, "api1", "Secret", null, null));
    List<String> objects = new ArrayList<>();
    objects.add("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + indicatorId + "\",\"created\":\"2024-01-01T00:00:00.000Z\","
        + "\"modified\":\"2024-01-01T00:00:00.000Z\",\"name\":\"evil c2 " + json(HOSTILE) + "\",\"description\":\"" + json(HOSTILE) + "\","
        + "\"pattern\":\"[domain-name:value = 'c2.example.com'] OR [ipv4-addr:value = '198.51.100.7']\",\"pattern_type\":\"stix\","
        + "\"valid_from\":\"2024-01-01T00:00:00Z\",\"labels\":[\"" + json(HOSTILE) + "\"],"
        + "\"object_marking_refs\":[\"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb\"]}");
    objects.add("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + indicatorId + "\",\"created\":\"2024-01-01T00:00:00.000Z\","
        + "\"modified\":\"2024-02-01T00:00:00.000Z\",\"name\":\"evil c2 " + json(HOSTILE) + "\",\"description\":\"second version\","
        + "\"pattern\":\"[domain-name:value = 'c2.example.com'] OR [ipv4-addr:value = '198.51.100.7']\",\"pattern_type\":\"stix\","
        + "\"valid_from\":\"2024-01-01T00:00:00Z\",\"object_marking_refs\":[\"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb\"]}");
    objects.add("{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"" + malwareId + "\",\"created\":\"2024-01-01T00:00:00.000Z\","
        + "\"modified\":\"2024-01-01T00:00:00.000Z\",\"name\":\"Hostile " + json(HOSTILE) + "\",\"is_family\":true,"
        + "\"external_references\":[{\"source_name\":\"" + json(HOSTILE) + "\",\"url\":\"javascript:window.__xss=1\",\"description\":\"" + json(HOSTILE) + "\"},"
        + "{\"source_name\":\"vendor\",\"external_id\":\"MAL-1\",\"url\":\"https://vendor.example/mal-1\"}]}");
    objects.add("{\"type\":\"relationship\",\"spec_version\":\"2.1\",\"id\":\"relationship--" + UUID.randomUUID() + "\","
        + "\"created\":\"2024-01-01T00:00:00.000Z\",\"modified\":\"2024-01-01T00:00:00.000Z\",\"relationship_type\":\"indicates\","
        + "\"source_ref\":\"" + indicatorId + "\",\"target_ref\":\"" + malwareId + "\"}");
    // a report of 3,000 objects: the graph must group by type above 500 nodes
    List<String> refs = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String id = (i % 3 == 0 ? "ipv4-addr--" : i % 3 == 1 ? "domain-name--" : "url--") + UUID.randomUUID();
      refs.add("\"" + id + "\"");
      String value = i % 3 == 0 ? "10." + (i / 65536) + "." + (i / 256 % 256) + "." + (i % 256)
          : i % 3 == 1 ? "host" + i + ".example.org" : "http://host" + i + ".example.org/x";
      objects.add("{\"type\":\"" + id.substring(0, id.indexOf("--")) + "\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"value\":\"" + value + "\"}");
    }
    objects.add("{\"type\":\"report\",\"spec_version\":\"2.1\",\"id\":\"" + reportId + "\",\"created\":\"2024-01-01T00:00:00.000Z\","
        + "\"modified\":\"2024-01-01T00:00:00.000Z\",\"name\":\"Big report\",\"published\":\"2024-01-01T00:00:00Z\","
        + "\"object_refs\":[" + String.join(",", refs) + ",\"" + indicatorId + "\"]}");
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(base + "/api1/collections/" + intel + "/objects/"))
        .header("Accept", TestNode.TAXII).header("Content-Type", TestNode.TAXII).header("Authorization", "Bearer " + admin)
        .POST(HttpRequest.BodyPublishers.ofString("{\"objects\":[" + String.join(",", objects) + "]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(r.body()).contains("\"status\":\"complete\"").contains("\"failure_count\":0");
    node.stores().log().awaitSize(3005, Duration.ofSeconds(60));
    // search and the graph read the index the node fills behind the write path; fill it now
    BrowseStore browse = new BrowseStore(node.stores().db());
    while (browse.indexSearch(100_000) > 0) {
      // until every member is indexed
    }

    System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    profile = Files.createTempDirectory("parley-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--window-size=1280,900", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) browser.quit();
    if (node != null) node.close();
  }

  static String json(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /**
   * Waits for a condition; an element found by the condition and replaced before it is read (htmx
   * swapping the import job's progress in) is found again on the next try.
   */
  static WebDriverWait await() {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  static void signIn(String token) {
    browser.manage().deleteAllCookies();
    browser.get(base + "/");
    assertThat(browser.getCurrentUrl()).endsWith("/ui/signin");
    browser.findElement(By.id("token")).sendKeys(token);
    browser.findElement(By.cssSelector("form[action='/ui/signin'] button")).click();
    await().until(d -> d.findElements(By.cssSelector("form.signout")).size() > 0);
  }

  /**
   * Keeps what the page looks like now as target/screenshots/NAME.png, for a person to look at
   * (nothing is asserted on it); with {@code phone}, at a phone's width.
   */
  static void screenshot(String name, boolean phone) {
    try {
      if (phone) browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
      Path dir = Path.of("target", "screenshots");
      Files.createDirectories(dir);
      Files.write(dir.resolve(name + ".png"), ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (phone) browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
    }
  }

  static void noScriptRan() {
    assertThat(((JavascriptExecutor) browser).executeScript("return window.__xss === undefined")).isEqualTo(true);
  }

  @Test
  @Order(1)
  void signIn_withAdminToken_dashboardShowsCollectionsAndNoScriptRuns() {
    signIn(admin);
    String page = browser.findElement(By.tagName("main")).getText();
    assertThat(page).contains("Intel " + HOSTILE).contains("Secret").contains("entries");
    assertThat(browser.manage().getCookieNamed("parley_session").isHttpOnly()).isTrue();
    assertThat(browser.manage().getCookieNamed("parley_session").getSameSite()).isEqualTo("Strict");
    screenshot("dashboard", false);
    screenshot("dashboard-phone", true);
    noScriptRan();
  }

  @Test
  @Order(2)
  void collection_searchAndFilters_keysetPages() {
    browser.get(base + "/ui/c/" + intel + "?limit=2");
    assertThat(browser.findElements(By.cssSelector("table.objects tbody tr"))).hasSize(2);
    browser.findElement(By.id("next-page")).click();
    await().until(d -> d.getCurrentUrl().contains("after="));
    assertThat(browser.findElements(By.cssSelector("table.objects tbody tr"))).hasSize(2);
    browser.get(base + "/ui/c/" + intel);
    browser.findElement(By.id("q")).sendKeys("c2.example.com");
    browser.findElement(By.cssSelector("form.filters button")).click();
    await().until(d -> d.getCurrentUrl().contains("q=c2.example.com"));
    List<WebElement> rows = browser.findElements(By.cssSelector("table.objects tbody tr"));
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).getText()).contains("evil c2 " + HOSTILE).contains("TLP:GREEN");
    screenshot("collection-search", false);
    browser.get(base + "/ui/c/" + intel + "?tlp=green&type=indicator");
    assertThat(browser.findElements(By.cssSelector("table.objects tbody tr"))).hasSize(1);
    browser.get(base + "/ui/c/" + intel + "?limit=0");
    assertThat(browser.findElement(By.id("error-message")).getText()).contains("limit");
    noScriptRan();
  }

  @Test
  @Order(3)
  void bulkSearch_defangedValues_foundAndMissing() {
    browser.get(base + "/ui/bulk");
    browser.findElement(By.id("values")).sendKeys("c2[.]example[.]com\n198.51.100[.]7\nhxxp://host2.example[.]org/x\n203.0.113.99\n10.0.0.3\n10.0.0.31");
    browser.findElement(By.cssSelector("form[action='/ui/bulk'] button")).click();
    await().until(d -> d.findElements(By.id("missing")).size() > 0);
    String found = browser.findElement(By.id("h-found")).findElement(By.xpath("..")).getText();
    assertThat(found).contains("c2.example.com").contains("198.51.100.7").contains("http://host2.example.org/x").contains("10.0.0.3");
    // 10.0.0.31 is held by nothing (10.0.0.3 is held, and is a prefix of it)
    assertThat(browser.findElements(By.cssSelector("#missing li")).stream().map(WebElement::getText))
        .containsExactly("203.0.113.99", "10.0.0.31");
    noScriptRan();
  }

  @Test
  @Order(4)
  void objectPage_propertiesVersionsDiff_hostileTextShownNotRun() {
    browser.get(base + "/ui/c/" + intel + "/o/" + indicatorId);
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("evil c2 " + HOSTILE);
    assertThat(browser.findElement(By.cssSelector(".props")).getText()).contains("second version").contains("pattern_type");
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("TLP:GREEN").contains("Versions (2)");
    browser.get(base + "/ui/c/" + intel + "/o/" + indicatorId + "?a=2024-01-01T00:00:00.000Z&b=2024-02-01T00:00:00.000Z");
    assertThat(browser.findElement(By.cssSelector("table.diff")).getText()).contains("description").contains(HOSTILE).contains("second version");
    noScriptRan();
    // external references (STIX 2.1 §2.5): an http(s) url is a link; a javascript: url in hostile content stays text
    browser.get(base + "/ui/c/" + intel + "/o/" + malwareId);
    List<WebElement> links = browser.findElements(By.cssSelector(".ext-refs a"));
    assertThat(links).singleElement().satisfies(a -> assertThat(a.getDomAttribute("href")).isEqualTo("https://vendor.example/mal-1"));
    assertThat(browser.findElement(By.cssSelector(".ext-refs")).getText()).contains("javascript:window.__xss=1").contains(HOSTILE).contains("MAL-1");
    screenshot("object-page", false);
    screenshot("object-page-phone", true);
    noScriptRan();
  }

  @Test
  @Order(5)
  void graph_expandOnClick_drawsNeighbours() {
    browser.get(base + "/ui/c/" + intel + "/o/" + indicatorId);
    await().until(d -> "yes".equals(d.findElement(By.id("graph")).getDomAttribute("data-ready")));
    JavascriptExecutor js = (JavascriptExecutor) browser;
    assertThat(((Number) js.executeScript("return window.parleyGraph.nodes().length")).intValue()).isEqualTo(2); // self and the malware it indicates (relationship)
    js.executeScript("window.parleyGraph.getElementById(arguments[0]).emit('tap')", malwareId);
    await().until(d -> d.findElement(By.id("graph-status")).getText().contains("objects drawn")
        && !d.findElement(By.id("graph-status")).getText().contains("Loading"));
    ((JavascriptExecutor) browser).executeScript("document.getElementById('graph').scrollIntoView()");
    screenshot("graph-expanded", false);
    noScriptRan();
  }

  @Test
  @Order(6)
  void graph_reportOf3000_groupsByTypeWithMore() throws Exception {
    long start = System.nanoTime();
    browser.get(base + "/ui/c/" + intel + "/o/" + reportId);
    await().until(d -> "yes".equals(d.findElement(By.id("graph")).getDomAttribute("data-ready")));
    ((JavascriptExecutor) browser).executeScript("document.getElementById('graph').scrollIntoView()");
    screenshot("graph-3000", false);
    long ms = (System.nanoTime() - start) / 1_000_000;
    JavascriptExecutor js = (JavascriptExecutor) browser;
    System.out.println("navigation timing: " + js.executeScript("const n = performance.getEntriesByType('navigation')[0];"
        + " return 'response end ' + Math.round(n.responseEnd) + ', DOM interactive ' + Math.round(n.domInteractive)"
        + " + ', DOMContentLoaded end ' + Math.round(n.domContentLoadedEventEnd) + '; ' + performance.getEntriesByType('resource')"
        + ".map(r => r.name.replace(/^.*\\//, '') + ' ' + Math.round(r.startTime) + '+' + Math.round(r.duration) + (r.transferSize === 0 ? ' cached' : '')).join(', ')"));
    long drawn = ((Number) js.executeScript("return window.parleyGraph.nodes().length")).longValue();
    assertThat(drawn).isLessThanOrEqualTo(500);
    assertThat(browser.findElement(By.id("graph-status")).getText()).contains("more grouped by type");
    assertThat(browser.findElement(By.id("graph")).getDomAttribute("data-nodes")).isEqualTo("3002");
    // the server's part, alone: the graph's data over loopback
    String cookie = "parley_session=" + browser.manage().getCookieNamed("parley_session").getValue();
    long[] fetch = new long[5];
    for (int i = 0; i < fetch.length; i++) {
      long t = System.nanoTime();
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(base + "/ui/c/" + intel + "/graph?id=" + reportId)).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
      fetch[i] = (System.nanoTime() - t) / 1_000_000;
      assertThat(r.statusCode()).isEqualTo(200);
    }
    System.out.println("graph data of the report, server and loopback: " + Arrays.toString(fetch) + " ms");
    for (int i = 0; i < fetch.length; i++) {
      long t = System.nanoTime();
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(base + "/ui/c/" + intel + "/o/" + reportId)).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
      fetch[i] = (System.nanoTime() - t) / 1_000_000;
      assertThat(r.statusCode()).isEqualTo(200);
    }
    System.out.println("object page of the report, server and loopback: " + Arrays.toString(fetch) + " ms");
    Object groups = js.executeScript("return window.parleyGraph.nodes('.group').map(n => n.data('label')).join(';')");
    assertThat(groups.toString()).contains("more ipv4-addr");
    // "+N more" expands on click
    js.executeScript("window.parleyGraph.nodes('.group')[0].emit('tap')");
    assertThat(((Number) js.executeScript("return window.parleyGraph.nodes().not('.group').length")).longValue()).isGreaterThan(drawn - 3);
    System.out.println("graph of a report with 3,000 objects: navigation start to interactive graph "
        + browser.findElement(By.id("graph")).getDomAttribute("data-ready-at") + " ms in the browser; " + ms + " ms seen by the test (after DOMContentLoaded "
        + browser.findElement(By.id("graph")).getDomAttribute("data-ms") + " ms, of which fetching the graph's data "
        + browser.findElement(By.id("graph")).getDomAttribute("data-fetch-ms") + " ms)");
  }

  @Test
  @Order(7)
  void verify_inBrowser_okThenTamperedCheckpointFails() {
    browser.get(base + "/ui/c/" + intel + "/o/" + indicatorId);
    browser.findElement(By.id("verify")).click();
    await().until(d -> d.findElement(By.id("verify-result")).getDomAttribute("data-verdict") != null);
    assertThat(browser.findElement(By.id("verify-result")).getText()).as(browser.findElement(By.id("verify-steps")).getText())
        .isEqualTo("Verified in this browser.");
    assertThat(browser.findElement(By.id("verify-steps")).getText()).contains("Ed25519").contains("inclusion proof").contains("commits to this object");
    screenshot("verify-ok", false);
    String index = browser.findElement(By.id("leaf-index")).getText();

    browser.get(base + "/ui/log?entry=" + index);
    browser.findElement(By.id("verify-entry")).click();
    await().until(d -> d.findElement(By.id("verify-result")).getDomAttribute("data-verdict") != null);
    assertThat(browser.findElement(By.id("verify-result")).getDomAttribute("data-verdict")).isEqualTo("ok");
    // tamper: claim a larger tree in the checkpoint text
    WebElement area = browser.findElement(By.id("checkpoint"));
    String note = area.getDomProperty("value");
    String[] lines = note.split("\n", -1);
    lines[1] = Long.toString(Long.parseLong(lines[1]) + 1);
    ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", area, String.join("\n", lines));
    browser.findElement(By.id("verify-entry")).click();
    await().until(d -> d.findElement(By.id("verify-result")).getDomAttribute("data-verdict") != null);
    assertThat(browser.findElement(By.id("verify-result")).getText()).contains("FAILED").contains("signature");
  }

  @Test
  @Order(8)
  void import_file_progressAndFindings() throws IOException {
    Path file = Files.createTempFile("import", ".jsonl");
    Files.writeString(file, "{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"malware--" + UUID.randomUUID()
        + "\",\"created\":\"2024-01-01T00:00:00.000Z\",\"modified\":\"2024-01-01T00:00:00.000Z\",\"name\":\"imported\",\"is_family\":false}\n"
        + "{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"malware--" + UUID.randomUUID()
        + "\",\"created\":\"2024-01-01T00:00:00.000Z\",\"modified\":\"2024-01-01T00:00:00.000Z\",\"name\":\"no family\"}\n");
    browser.get(base + "/ui/import");
    browser.findElement(By.id("file")).sendKeys(file.toString());
    browser.findElement(By.cssSelector("form[action='/ui/import'] button")).click();
    await().until(d -> "yes".equals(d.findElement(By.id("job")).getDomAttribute("data-done")));
    assertThat(browser.findElement(By.id("stored")).getText()).isEqualTo("1");
    assertThat(browser.findElement(By.id("refused")).getText()).isEqualTo("1");
    assertThat(browser.findElement(By.cssSelector("table.findings")).getText()).contains(file.getFileName() + ":2").contains("is_family");
  }

  @Test
  @Order(9)
  void csrf_postWithoutToken_refusedAndNothingChanged() throws Exception {
    String session = browser.manage().getCookieNamed("parley_session").getValue();
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/ui/ops/collection"))
        .header("Cookie", "parley_session=" + session).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("title=forged")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("CSRF").doesNotContain("Exception");
    assertThat(node.stores().collections().list()).noneMatch(c -> c.title().equals("forged"));
    // the sign-in form needs its own token too
    HttpResponse<String> s = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/ui/signin"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + admin)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(s.statusCode()).isEqualTo(403);
    assertThat(s.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("parley_session="));
  }

  @Test
  @Order(10)
  void seenAsPeer_listsAndGraphsOnlyWhatItsAgreementServes() {
    String name = "peer-" + UUID.randomUUID().toString().substring(0, 6);
    node.stores().peers().put(name, "http://127.0.0.1:1/api1/", null, null, node.stores().accounts());
    Parsed p = Agreement.parse("{\"share\":[{\"collection\":\"" + intel + "\",\"max_tlp\":\"green\"}]}", Optional::of);
    node.stores().agreements().install(name, ((Parsed.Valid) p).agreement(), node.stores().log().appender());
    node.stores().publisher().publishAll();
    browser.get(base + "/ui/c/" + intel + "?as=" + name);
    assertThat(browser.findElement(By.cssSelector(".banner")).getText()).contains("Seen as peer " + name);
    List<WebElement> rows = browser.findElements(By.cssSelector("table.objects tbody tr"));
    assertThat(rows).hasSize(1); // the green indicator; everything unmarked is withheld ("unmarked": "withhold")
    assertThat(rows.get(0).getText()).contains("evil c2");
    browser.get(base + "/ui/c/" + intel + "/o/" + malwareId + "?as=" + name);
    assertThat(browser.findElement(By.id("error-message")).getText()).contains("holds no object");
    browser.get(base + "/ui/c/" + intel + "/o/" + indicatorId + "?as=" + name);
    await().until(d -> "yes".equals(d.findElement(By.id("graph")).getDomAttribute("data-ready")));
    assertThat(((Number) ((JavascriptExecutor) browser).executeScript("return window.parleyGraph.nodes().length")).intValue()).isEqualTo(1);
    assertThat(browser.findElement(By.id("graph")).getDomAttribute("data-nodes")).isEqualTo("1");
    browser.get(base + "/ui/ops?explain=" + name);
    String explained = browser.findElement(By.tagName("main")).getText();
    assertThat(explained).contains(indicatorId + " 2024-02-01T00:00:00.000Z served").contains(malwareId).contains("withheld");
    noScriptRan();
  }

  @Test
  @Order(11)
  void accountWithoutRights_seesNothingOfTheCollection() {
    String token = node.stores().accounts().create("reader" + UUID.randomUUID().toString().substring(0, 6), false,
        Map.of(secret.toString(), new Right(true, false)));
    signIn(token);
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("Secret").doesNotContain("Intel");
    browser.get(base + "/ui/c/" + intel);
    String denied = browser.findElement(By.tagName("main")).getText();
    browser.get(base + "/ui/c/" + UUID.randomUUID());
    String none = browser.findElement(By.tagName("main")).getText().replaceAll("[0-9a-f-]{36}", "ID");
    assertThat(denied.replaceAll("[0-9a-f-]{36}", "ID")).isEqualTo(none);
    browser.get(base + "/ui/c/" + intel + "/o/" + indicatorId);
    assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("evil");
    browser.get(base + "/ui/bulk");
    browser.findElement(By.id("values")).sendKeys("c2.example.com");
    browser.findElement(By.cssSelector("form[action='/ui/bulk'] button")).click();
    await().until(d -> d.findElements(By.id("missing")).size() > 0);
    assertThat(browser.findElement(By.id("missing")).getText()).contains("c2.example.com");
    browser.get(base + "/ui/ops");
    assertThat(browser.findElement(By.id("error-message")).getText()).contains("administrator");
  }

  @Test
  @Order(12)
  void signOut_endsSessionOnServer() {
    String session = browser.manage().getCookieNamed("parley_session").getValue();
    browser.findElement(By.cssSelector("form.signout button")).click();
    await().until(d -> d.getCurrentUrl().endsWith("/ui/signin"));
    browser.manage().addCookie(new org.openqa.selenium.Cookie("parley_session", session));
    browser.get(base + "/");
    assertThat(browser.getCurrentUrl()).endsWith("/ui/signin");
  }
  @Test
  @Order(13)
  void operator_changesAnAccountsRights_accountSeesTheCollectionAtItsNextPage() {
    String name = "analyst" + UUID.randomUUID().toString().substring(0, 6);
    String token = node.stores().accounts().create(name, false, Map.of(secret.toString(), new Right(true, false)));
    signIn(admin);
    browser.get(base + "/ui/ops");
    WebElement row = browser.findElement(By.xpath("//tr[td[normalize-space(text())='" + name + "']]"));
    row.findElement(By.tagName("summary")).click();
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("rights-" + name + "-" + intel))).selectByValue("read");
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("rights-" + name + "-" + secret))).selectByValue("none");
    row.findElement(By.cssSelector("form.rights-form button")).click();
    await().until(d -> d.findElements(By.id("ops-message")).size() > 0);
    assertThat(browser.findElement(By.id("ops-message")).getText()).contains("Rights of " + name + " changed");
    assertThat(node.stores().accounts().list().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow().rights())
        .containsOnlyKeys(intel.toString());
    signIn(token);
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("Intel").doesNotContain("Secret");
    browser.get(base + "/ui/c/" + intel + "/o/" + indicatorId);
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("evil c2");
    noScriptRan();
  }

  @Test
  @Order(14)
  void dashboard_showsRecentSightingsOfReadableCollectionsOnly() throws Exception {
    String sighting = "sighting--" + UUID.randomUUID();
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(base + "/api1/collections/" + secret + "/objects/"))
        .header("Accept", TestNode.TAXII).header("Content-Type", TestNode.TAXII).header("Authorization", "Bearer " + admin)
        .POST(HttpRequest.BodyPublishers.ofString("{\"objects\":[{\"type\":\"sighting\",\"spec_version\":\"2.1\",\"id\":\"" + sighting
            + "\",\"created\":\"2024-03-01T00:00:00.000Z\",\"modified\":\"2024-03-01T00:00:00.000Z\",\"sighting_of_ref\":\"" + indicatorId
            + "\",\"count\":7,\"last_seen\":\"2024-03-01T00:00:00Z\"}]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    signIn(admin);
    assertThat(browser.findElement(By.id("h-sightings")).getText()).isEqualTo("Recent sightings");
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("sighting of " + indicatorId + ", 7 times");
    String reader = node.stores().accounts().create("intel" + UUID.randomUUID().toString().substring(0, 6), false,
        Map.of(intel.toString(), new Right(true, false)));
    signIn(reader);
    assertThat(browser.findElements(By.id("h-sightings"))).isEmpty();
    assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain(sighting);
  }
  /**
   * A peer's account imports nothing here, and the page says so and where it writes instead.
   * Regression: a hostile run signed in with a peer's token and read "This account may write no
   * collection", while TAXII said {@code can_write: true} for its accept collection and took its POSTs.
   */
  @Test
  @Order(16)
  void import_asPeer_saysItWritesThroughTaxiiAndWhere() throws Exception {
    String name = "peer-" + UUID.randomUUID().toString().substring(0, 6);
    String token = node.stores().peers().put(name, "http://127.0.0.1:1/api1/", null, null, node.stores().accounts()).accountToken();
    Parsed p = Agreement.parse("{\"accept\":[{\"collection\":\"" + secret + "\"}]}", Optional::of);
    node.stores().agreements().install(name, ((Parsed.Valid) p).agreement(), node.stores().log().appender());
    signIn(token);
    browser.get(base + "/ui/import");
    assertThat(browser.findElement(By.id("peer-writes")).getText()).contains("writes through TAXII only");
    assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("may write no collection");
    assertThat(browser.findElement(By.id("peer-accepts")).getText()).isEqualTo("Secret: /api1/collections/" + secret + "/objects/");
    assertThat(browser.findElements(By.cssSelector("form[action='/ui/import']"))).isEmpty();
    // the form's POST, sent anyway with the session and its CSRF token, is refused in the same words
    String session = browser.manage().getCookieNamed("parley_session").getValue();
    String csrf = browser.findElement(By.cssSelector("input[name=csrf]")).getDomAttribute("value");
    String boundary = "b" + UUID.randomUUID();
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf + "\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"collection\"\r\n\r\n" + secret + "\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.json\"\r\nContent-Type: application/json\r\n\r\n"
        + "{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"malware--" + UUID.randomUUID() + "\",\"created\":\"2024-01-01T00:00:00.000Z\","
        + "\"modified\":\"2024-01-01T00:00:00.000Z\",\"name\":\"from the peer\",\"is_family\":false}\r\n--" + boundary + "--\r\n";
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/ui/import"))
        .header("Cookie", "parley_session=" + session).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("writes through TAXII only").doesNotContain("Exception");
    noScriptRan();
  }

  /** POSTs a form to the rights endpoint with the browser's session, and {@code csrf} when given. */
  static HttpResponse<String> postRights(String csrf, String form) throws Exception {
    String session = browser.manage().getCookieNamed("parley_session").getValue();
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/ui/ops/rights"))
        .header("Cookie", "parley_session=" + session).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString((csrf == null ? "" : "csrf=" + csrf + "&") + form)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(15)
  void rightsForm_hostile_refusedAndNothingChanged() throws Exception {
    String victim = "victim" + UUID.randomUUID().toString().substring(0, 6);
    node.stores().accounts().create(victim, false, Map.of(secret.toString(), new Right(true, false)));
    Map<String, Right> before = node.stores().accounts().list().stream().filter(a -> a.name().equals(victim)).findFirst().orElseThrow().rights();
    String grab = "name=" + victim + "&right-" + intel + "=read-write&right-*=read-write";
    // an account without the administrator's right, with its own valid session and CSRF token
    String plain = node.stores().accounts().create("plain" + UUID.randomUUID().toString().substring(0, 6), false,
        Map.of(intel.toString(), new Right(true, true)));
    signIn(plain);
    String csrf = browser.findElement(By.cssSelector("input[name=csrf]")).getDomAttribute("value");
    HttpResponse<String> r = postRights(csrf, grab);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("administrator").doesNotContain("Exception");
    // the administrator's session without its CSRF token, then with malformed or refused forms
    signIn(admin);
    String adminCsrf = browser.findElement(By.cssSelector("input[name=csrf]")).getDomAttribute("value");
    assertThat(postRights(null, grab).statusCode()).isEqualTo(403);
    HttpResponse<String> bad = postRights(adminCsrf, "name=" + victim + "&right-" + intel + "=everything");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("none, read, write or read-write").doesNotContain("Exception");
    assertThat(postRights(adminCsrf, "name=nobody-" + UUID.randomUUID() + "&right-" + intel + "=read").statusCode()).isEqualTo(404);
    String peer = "peer-" + UUID.randomUUID().toString().substring(0, 6);
    node.stores().peers().put(peer, "http://127.0.0.1:1/api1/", null, null, node.stores().accounts());
    HttpResponse<String> toPeer = postRights(adminCsrf, "name=" + peer + "&right-*=read-write");
    assertThat(toPeer.statusCode()).isEqualTo(409);
    assertThat(toPeer.body()).contains("agreement");
    assertThat(node.stores().accounts().list().stream().filter(a -> a.name().equals(peer)).findFirst().orElseThrow().rights()).isEmpty();
    assertThat(node.stores().accounts().list().stream().filter(a -> a.name().equals(victim)).findFirst().orElseThrow().rights())
        .isEqualTo(before);
    noScriptRan();
  }
}

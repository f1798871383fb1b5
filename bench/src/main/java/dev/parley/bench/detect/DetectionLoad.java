package dev.parley.bench.detect;

import dev.parley.bench.pattern.IndicatorCorpus;
import dev.parley.detect.Detector;
import dev.parley.detect.Indicator;
import dev.parley.detect.telemetry.TelemetryFormat;
import dev.parley.detect.telemetry.TelemetryItem;
import dev.parley.detect.telemetry.TelemetryReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.match.MatcherSnapshot;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.policy.Tlp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Detection throughput on one thread (not JMH: one run reads a whole generated log): Zeek TSV
 * conn + dns records and Suricata EVE flow + dns events, read from memory, normalised and matched
 * by a {@link Detector} over the mixed indicator set of the pattern benchmark. Each round measures
 * reading alone (the baseline: every record built) and reading with matching (the reader screens
 * records by the detector's matcher, as {@code parley detect} does); the median of the rounds is reported,
 * in wall-clock time and per CPU-second of the one thread (the machine is shared: the second
 * figure is the one that other processes disturb least).
 * A fourth argument names the formats (default {@code zeek,eve}); {@code zeek-json} and {@code ecs}
 * are the Zeek TSV records written as Zeek's JSON logs and as ECS documents; {@code eve-all} is EVE
 * with every event type the reader maps, in the shares of a sensor's log ({@link #eveAll}).
 * Run: {@code java -Xms8g -Xmx8g -XX:+AlwaysPreTouch -cp bench/target/benchmarks.jar
 * dev.parley.bench.detect.DetectionLoad 1000000 1000000 5 [zeek,eve,zeek-json,ecs]}.
 */
public final class DetectionLoad {
  private static final long BASE = 1_764_460_800L; // 2025-11-30T00:00:00Z
  /**
   * Values that are an indicator's, per million (system property {@code hitsPerMillion}; default
   * 10,000: 1%). A whole number per thousand is drawn as before, so that the default log is the
   * same byte for byte; a sparser rate is drawn per million.
   */
  private static final int HITS_PER_MILLION = Integer.getInteger("hitsPerMillion", 10_000);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private DetectionLoad() {}

  public static void main(String[] args) throws IOException {
    int indicators = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int records = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    List<String> formats = List.of((args.length > 3 ? args[3] : "zeek,eve").split(","));
    System.out.printf("indicators: %,d (mixed set), records per format: %,d, rounds: %d, %s, %d cores%n", indicators, records,
        rounds, System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors());

    long t0 = System.nanoTime();
    Map<String, Pattern> patterns = IndicatorCorpus.parse(IndicatorCorpus.mixedTexts(indicators));
    long t1 = System.nanoTime();
    List<Indicator> list = new ArrayList<>(patterns.size());
    patterns.forEach((id, p) -> list.add(new Indicator(id, p, Instant.EPOCH, null, null)));
    MatcherSnapshot matcher = Detector.compile(list);
    long t2 = System.nanoTime();
    System.out.printf("parse %.1f s, compile %.1f s (not counted below)%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);

    // background addresses are drawn outside every indicator's range, as most real traffic is; with
    // the set's /16-/19 blocks, random addresses would hit a block in one record of two
    Predicate<String> quiet = ip -> matcher.match(single(ip)).isEmpty();
    for (String name : formats) {
      byte[] data = switch (name) {
        case "zeek" -> zeek(records, indicators, quiet);
        case "zeek-json" -> zeekJson(records, indicators, quiet);
        case "eve" -> eve(records, indicators, quiet);
        case "eve-all" -> eveAll(records, indicators, quiet);
        case "ecs" -> ecs(records, indicators, quiet);
        default -> throw new IllegalArgumentException("formats: zeek, zeek-json, eve, eve-all or ecs, not " + name);
      };
      System.out.printf("%s: %,d bytes%n", name, data.length);
      run(name, name.startsWith("zeek") ? TelemetryFormat.ZEEK : name.startsWith("eve") ? TelemetryFormat.EVE : TelemetryFormat.parse(name).orElseThrow(), data, list, matcher, rounds);
    }
  }

  private static void run(String name, TelemetryFormat format, byte[] data, List<Indicator> list, MatcherSnapshot matcher,
      int rounds) throws IOException {
    double[] readOnly = new double[rounds];
    double[] matched = new double[rounds];
    double[] readOnlyCpu = new double[rounds];
    double[] matchedCpu = new double[rounds];
    long sightings = 0;
    long counted = 0;
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      long cpu = THREADS.getCurrentThreadCpuTime();
      long n = pass(format, data, null);
      readOnly[r] = n / ((System.nanoTime() - start) / 1e9);
      readOnlyCpu[r] = n / ((THREADS.getCurrentThreadCpuTime() - cpu) / 1e9);
      Detector detector = new Detector(list, matcher, Tlp.AMBER);
      start = System.nanoTime();
      cpu = THREADS.getCurrentThreadCpuTime();
      n = pass(format, data, detector);
      matched[r] = n / ((System.nanoTime() - start) / 1e9);
      matchedCpu[r] = n / ((THREADS.getCurrentThreadCpuTime() - cpu) / 1e9);
      sightings = detector.sightings().size();
      counted = detector.sightings().stream().mapToLong(s -> s.count()).sum();
      System.out.printf("  %s round %d: read only %,.0f records/s (%,.0f per CPU-second); read + match %,.0f records/s (%,.0f per CPU-second)%n",
          name, r + 1, readOnly[r], readOnlyCpu[r], matched[r], matchedCpu[r]);
    }
    System.out.printf("%s: medians: read only %,.0f records/s (%,.0f per CPU-second); read + normalise + match %,.0f records/s"
            + " (%,.0f per CPU-second); sightings %,d, matches %,d%n",
        name, median(readOnly), median(readOnlyCpu), median(matched), median(matchedCpu), sightings, counted);
  }

  private static long pass(TelemetryFormat format, byte[] data, Detector detector) throws IOException {
    long n = 0;
    try (TelemetryReader reader = format.open(new ByteArrayInputStream(data), format == TelemetryFormat.ZEEK ? "bench.log" : "bench.json")) {
      if (detector != null) reader.screening(detector.screen());
      for (TelemetryItem item = reader.read(); item != null; item = reader.read()) {
        if (item instanceof TelemetryItem.Record rec) {
          n++;
          if (detector != null) detector.accept(rec.observation());
        } else if (item instanceof TelemetryItem.Screened screened) {
          n++;
          detector.pass(screened);
        }
      }
    }
    return n;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static boolean hit(SplittableRandom r) {
    return HITS_PER_MILLION % 1000 == 0 ? r.nextInt(1000) < HITS_PER_MILLION / 1000 : r.nextInt(1_000_000) < HITS_PER_MILLION;
  }

  /** An internal (10/8) address that no indicator covers. */
  private static String internal(SplittableRandom r, Predicate<String> quiet) {
    while (true) {
      String ip = "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
      if (quiet.test(ip)) return ip;
    }
  }

  private static Observation single(String ip) {
    ObjectNode sco = JsonNodeFactory.instance.objectNode().put("type", "ipv4-addr").put("value", ip);
    return new Observation("o", Instant.EPOCH, Instant.EPOCH, 1, Map.of("0", sco), List.of(sco));
  }

  /** An address that hits an indicator ({@link #HITS_PER_MILLION}), or background traffic that hits none. */
  private static String ipv4(SplittableRandom r, int indicators, Predicate<String> quiet) {
    if (hit(r)) {
      while (true) {
        long i = r.nextInt(indicators);
        String[] o = IndicatorCorpus.observable(i);
        if (o[0].equals("ipv4-addr")) return o[2];
      }
    }
    while (true) {
      String ip = (r.nextInt(223) + 1) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
      if (quiet.test(ip)) return ip;
    }
  }

  private static String domain(SplittableRandom r, int indicators) {
    if (hit(r)) {
      while (true) {
        long i = r.nextInt(indicators);
        String[] o = IndicatorCorpus.observable(i);
        if (o[0].equals("domain-name")) return o[2];
      }
    }
    return "host" + r.nextInt(1 << 20) + ".cdn" + r.nextInt(1000) + ".example.net";
  }

  /** A conn.log record's drawn values ({@code second} from the log's start, {@code fraction} in microseconds). */
  private record Conn(long second, int fraction, long uid, String orig, int origPort, String resp, int respPort, String service,
      int duration, int origBytes, int respBytes, int origPkts, int origIpBytes, int respPkts, int respIpBytes) {}

  /** A dns.log record's drawn values: a query from {@code orig} to the resolver and its two answers. */
  private record Dns(long second, int fraction, long uid, String orig, int origPort, int transId, int rtt, String query,
      String answer1, String answer2) {}

  /**
   * The Zeek log's records, drawn once for every form that writes them (TSV, JSON, ECS): the first
   * half connections, the second DNS answers from one resolver, each half ten records a second.
   */
  private static void draw(int records, int indicators, Predicate<String> quiet, Consumer<String> resolverOut,
      Consumer<Conn> conn, Runnable between, Consumer<Dns> dns) {
    SplittableRandom r = new SplittableRandom(42);
    String resolver = internal(r, quiet);
    resolverOut.accept(resolver);
    int half = records / 2;
    for (int k = 0; k < half; k++) {
      conn.accept(new Conn(k / 10, r.nextInt(1_000_000), r.nextLong() >>> 4, internal(r, quiet), 1024 + r.nextInt(60000),
          ipv4(r, indicators, quiet), r.nextBoolean() ? 443 : 80, r.nextBoolean() ? "ssl" : "http", r.nextInt(1000000),
          r.nextInt(5000), r.nextInt(50000), r.nextInt(50), r.nextInt(9000), r.nextInt(50), r.nextInt(60000)));
    }
    between.run();
    for (int k = 0; k < records - half; k++) {
      dns.accept(new Dns(k / 10, r.nextInt(1_000_000), r.nextLong() >>> 4, internal(r, quiet), 1024 + r.nextInt(60000),
          r.nextInt(65536), r.nextInt(100000), domain(r, indicators), ipv4(r, indicators, quiet), ipv4(r, indicators, quiet)));
    }
  }

  /** conn.log then dns.log, Zeek's default header and fields, one record per second-fraction. */
  static byte[] zeek(int records, int indicators, Predicate<String> quiet) {
    StringBuilder s = new StringBuilder(records * 220);
    String[] resolver = new String[1];
    s.append("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n#open\t2025-11-30-00-00-00\n");
    s.append("#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\t"
        + "local_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\n");
    s.append("#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\n");
    draw(records, indicators, quiet, v -> resolver[0] = v, c -> s.append(BASE + c.second()).append('.').append(String.format("%06d", c.fraction()))
        .append("\tC").append(Long.toString(c.uid(), 36)).append('\t').append(c.orig()).append('\t').append(c.origPort()).append('\t')
        .append(c.resp()).append('\t').append(c.respPort()).append("\ttcp\t").append(c.service()).append("\t0.").append(c.duration())
        .append('\t').append(c.origBytes()).append('\t').append(c.respBytes()).append("\tSF\tT\tF\t0\tShADadFf\t").append(c.origPkts())
        .append('\t').append(c.origIpBytes()).append('\t').append(c.respPkts()).append('\t').append(c.respIpBytes()).append("\t(empty)\n"), () -> {
          s.append("#close\t2025-11-30-01-00-00\n");
          s.append("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tdns\n#open\t2025-11-30-00-00-00\n");
          s.append("#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\trtt\tquery\tqclass\tqclass_name\tqtype\t"
              + "qtype_name\trcode\trcode_name\tAA\tTC\tRD\tRA\tZ\tanswers\tTTLs\trejected\n");
          s.append("#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tcount\tinterval\tstring\tcount\tstring\tcount\tstring\tcount\tstring\t"
              + "bool\tbool\tbool\tbool\tcount\tvector[string]\tvector[interval]\tbool\n");
        }, d -> s.append(BASE + d.second()).append('.').append(String.format("%06d", d.fraction())).append("\tC").append(Long.toString(d.uid(), 36))
          .append('\t').append(d.orig()).append('\t').append(d.origPort()).append('\t').append(resolver[0]).append("\t53\tudp\t")
          .append(d.transId()).append("\t0.0").append(d.rtt()).append('\t').append(d.query())
          .append("\t1\tC_INTERNET\t1\tA\t0\tNOERROR\tF\tF\tT\tT\t0\t").append(d.answer1()).append(',').append(d.answer2())
          .append("\t300.000000,300.000000\tF\n"));
    s.append("#close\t2025-11-30-01-00-00\n");
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Flow and DNS (version 2, detailed answers) events as Suricata writes them. */
  static byte[] eve(int records, int indicators, Predicate<String> quiet) {
    SplittableRandom r = new SplittableRandom(43);
    String resolver = internal(r, quiet);
    ByteArrayOutputStream out = new ByteArrayOutputStream(records * 420);
    StringBuilder s = new StringBuilder(600);
    for (int k = 0; k < records; k++) {
      s.setLength(0);
      String ts = Instant.ofEpochSecond(BASE + k / 10, r.nextInt(1_000_000) * 1000L).toString().replace("Z", "+0000");
      String src = internal(r, quiet);
      long flow = r.nextLong() >>> 12;
      if (k % 2 == 0) {
        s.append("{\"timestamp\":\"").append(ts).append("\",\"flow_id\":").append(flow).append(",\"in_iface\":\"eth0\",\"event_type\":\"flow\",\"src_ip\":\"")
            .append(src).append("\",\"src_port\":").append(1024 + r.nextInt(60000)).append(",\"dest_ip\":\"").append(ipv4(r, indicators, quiet))
            .append("\",\"dest_port\":443,\"proto\":\"TCP\",\"app_proto\":\"tls\",\"flow\":{\"pkts_toserver\":").append(r.nextInt(100))
            .append(",\"pkts_toclient\":").append(r.nextInt(100)).append(",\"bytes_toserver\":").append(r.nextInt(100000))
            .append(",\"bytes_toclient\":").append(r.nextInt(100000)).append(",\"start\":\"").append(ts).append("\",\"end\":\"").append(ts)
            .append("\",\"age\":0,\"state\":\"closed\",\"reason\":\"timeout\",\"alerted\":false},\"tcp\":{\"tcp_flags\":\"1b\",\"syn\":true,\"fin\":true,\"psh\":true,\"ack\":true,\"state\":\"closed\"}}\n");
      } else {
        String name = domain(r, indicators);
        s.append("{\"timestamp\":\"").append(ts).append("\",\"flow_id\":").append(flow).append(",\"in_iface\":\"eth0\",\"event_type\":\"dns\",\"src_ip\":\"").append(resolver).append("\",\"src_port\":53,\"dest_ip\":\"")
            .append(src).append("\",\"dest_port\":").append(1024 + r.nextInt(60000)).append(",\"proto\":\"UDP\",\"dns\":{\"version\":2,\"type\":\"answer\",\"id\":")
            .append(r.nextInt(65536)).append(",\"flags\":\"8180\",\"qr\":true,\"rd\":true,\"ra\":true,\"rrname\":\"").append(name)
            .append("\",\"rrtype\":\"A\",\"rcode\":\"NOERROR\",\"answers\":[{\"rrname\":\"").append(name).append("\",\"rrtype\":\"A\",\"ttl\":300,\"rdata\":\"")
            .append(ipv4(r, indicators, quiet)).append("\"}]}}\n");
      }
      byte[] b = s.toString().getBytes(StandardCharsets.UTF_8);
      out.write(b, 0, b.length);
    }
    return out.toByteArray();
  }

  /**
   * EVE events of every type the reader maps, in twentieths: flow 7, dns 6 (version 2, detailed
   * answers), tls 3, http 2, fileinfo 1, and alert or smtp (with its email section) turn about.
   * Hits fall on each event's values as {@link #eve}'s do: addresses, names, URLs (an indicator's
   * URL split into the host and the path Suricata logs) and file hashes.
   */
  static byte[] eveAll(int records, int indicators, Predicate<String> quiet) {
    SplittableRandom r = new SplittableRandom(44);
    String resolver = internal(r, quiet);
    ByteArrayOutputStream out = new ByteArrayOutputStream(records * 600);
    StringBuilder s = new StringBuilder(1000);
    for (int k = 0; k < records; k++) {
      s.setLength(0);
      String ts = Instant.ofEpochSecond(BASE + k / 10, r.nextInt(1_000_000) * 1000L).toString().replace("Z", "+0000");
      String src = internal(r, quiet);
      int kind = k % 20;
      String type = kind < 7 ? "flow" : kind < 13 ? "dns" : kind < 16 ? "tls" : kind < 18 ? "http" : kind < 19 ? "fileinfo"
          : k % 40 < 20 ? "alert" : "smtp";
      boolean dns = type.equals("dns");
      s.append("{\"timestamp\":\"").append(ts).append("\",\"flow_id\":").append(r.nextLong() >>> 12)
          .append(",\"in_iface\":\"eth0\",\"event_type\":\"").append(type).append("\",\"src_ip\":\"").append(dns ? resolver : src)
          .append("\",\"src_port\":").append(dns ? 53 : 1024 + r.nextInt(60000)).append(",\"dest_ip\":\"")
          .append(dns ? src : ipv4(r, indicators, quiet)).append("\",\"dest_port\":").append(dns ? 1024 + r.nextInt(60000) : 443)
          .append(",\"proto\":\"").append(dns ? "UDP" : "TCP").append('"');
      switch (type) {
        case "flow" -> s.append(",\"app_proto\":\"tls\",\"flow\":{\"pkts_toserver\":").append(r.nextInt(100))
            .append(",\"pkts_toclient\":").append(r.nextInt(100)).append(",\"bytes_toserver\":").append(r.nextInt(100000))
            .append(",\"bytes_toclient\":").append(r.nextInt(100000)).append(",\"start\":\"").append(ts).append("\",\"end\":\"").append(ts)
            .append("\",\"age\":0,\"state\":\"closed\",\"reason\":\"timeout\",\"alerted\":false}");
        case "dns" -> {
          String name = domain(r, indicators);
          s.append(",\"dns\":{\"version\":2,\"type\":\"answer\",\"id\":").append(r.nextInt(65536))
              .append(",\"flags\":\"8180\",\"qr\":true,\"rd\":true,\"ra\":true,\"rrname\":\"").append(name)
              .append("\",\"rrtype\":\"A\",\"rcode\":\"NOERROR\",\"answers\":[{\"rrname\":\"").append(name)
              .append("\",\"rrtype\":\"A\",\"ttl\":300,\"rdata\":\"").append(ipv4(r, indicators, quiet)).append("\"}]}");
        }
        case "tls" -> s.append(",\"tls\":{\"subject\":\"CN=").append(domain(r, indicators))
            .append("\",\"issuerdn\":\"C=US, O=Let's Encrypt, CN=R3\",\"serial\":\"").append(hex(r, 16, ':'))
            .append("\",\"fingerprint\":\"").append(hex(r, 20, ':')).append("\",\"sni\":\"").append(domain(r, indicators))
            .append("\",\"version\":\"TLS 1.2\",\"notbefore\":\"2025-10-01T00:00:00\",\"notafter\":\"2025-12-30T00:00:00\",")
            .append("\"ja3\":{\"hash\":\"").append(hex(r, 16, (char) 0)).append("\"}}");
        case "http" -> {
          String[] url = url(r, indicators);
          s.append(",\"tx_id\":0,\"http\":{\"hostname\":\"").append(url[0]).append("\",\"url\":\"").append(url[1])
              .append("\",\"http_user_agent\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/")
              .append(100 + r.nextInt(30)).append(".0.0.0 Safari/537.36\",\"http_content_type\":\"text/html\",\"http_method\":\"GET\",")
              .append("\"protocol\":\"HTTP/1.1\",\"status\":200,\"length\":").append(r.nextInt(100000)).append('}');
        }
        case "fileinfo" -> {
          String md5 = hex(r, 16, (char) 0);
          String sha256 = hex(r, 32, (char) 0);
          if (hit(r)) {
            while (true) {
              String[] o = IndicatorCorpus.observable(r.nextInt(indicators));
              if (!o[0].equals("file")) continue;
              if (o[1].equals("hashes.MD5")) md5 = o[2];
              else sha256 = o[2];
              break;
            }
          }
          s.append(",\"app_proto\":\"http\",\"fileinfo\":{\"filename\":\"/download/f").append(r.nextInt(1 << 20))
              .append(".bin\",\"magic\":\"data\",\"gaps\":false,\"state\":\"CLOSED\",\"md5\":\"").append(md5)
              .append("\",\"sha1\":\"").append(hex(r, 20, (char) 0)).append("\",\"sha256\":\"").append(sha256)
              .append("\",\"stored\":false,\"size\":").append(r.nextInt(1 << 24)).append(",\"tx_id\":0}");
        }
        case "alert" -> s.append(",\"app_proto\":\"tls\",\"alert\":{\"action\":\"allowed\",\"gid\":1,\"signature_id\":")
            .append(2_000_000 + r.nextInt(100_000)).append(",\"rev\":3,\"signature\":\"ET POLICY Observed suspicious TLS SNI\",")
            .append("\"category\":\"Potential Corporate Privacy Violation\",\"severity\":2},\"flow\":{\"pkts_toserver\":")
            .append(r.nextInt(100)).append(",\"pkts_toclient\":").append(r.nextInt(100)).append(",\"start\":\"").append(ts).append("\"}");
        default -> {
          String from = "user" + r.nextInt(1 << 16) + "@mail" + r.nextInt(1000) + ".example.org";
          String to = "staff" + r.nextInt(1 << 12) + "@corp.example.com";
          s.append(",\"app_proto\":\"smtp\",\"smtp\":{\"helo\":\"").append(domain(r, indicators)).append("\",\"mail_from\":\"<")
              .append(from).append(">\",\"rcpt_to\":[\"<").append(to).append(">\"]},\"email\":{\"status\":\"PARSE_DONE\",\"from\":\"")
              .append(from).append("\",\"to\":[\"").append(to).append("\"],\"subject\":\"Invoice ").append(r.nextInt(100000)).append("\"}");
        }
      }
      s.append("}\n");
      byte[] b = s.toString().getBytes(StandardCharsets.UTF_8);
      out.write(b, 0, b.length);
    }
    return out.toByteArray();
  }

  /** Host and path of an HTTP request: an indicator's URL split (a hit), or background. */
  private static String[] url(SplittableRandom r, int indicators) {
    if (hit(r)) {
      while (true) {
        String[] o = IndicatorCorpus.observable(r.nextInt(indicators));
        if (!o[0].equals("url")) continue;
        String rest = o[2].substring("http://".length());
        int slash = rest.indexOf('/');
        return new String[] {rest.substring(0, slash), rest.substring(slash)};
      }
    }
    return new String[] {"www" + r.nextInt(1 << 16) + ".example.com", "/assets/" + r.nextInt(1 << 20) + ".js?v=" + r.nextInt(100)};
  }

  /** {@code bytes} random bytes in lower-case hex, {@code separator} between bytes unless it is 0. */
  private static String hex(SplittableRandom r, int bytes, char separator) {
    StringBuilder s = new StringBuilder(bytes * 3);
    for (int i = 0; i < bytes; i++) {
      if (i > 0 && separator != 0) s.append(separator);
      int b = r.nextInt(256);
      s.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 15, 16));
    }
    return s.toString();
  }

  /**
   * The records of {@link #zeek} (the same draws), as Zeek writes them with {@code LogAscii::use_json}:
   * one object a line, {@code _path} naming the log, times as epoch seconds.
   */
  static byte[] zeekJson(int records, int indicators, Predicate<String> quiet) {
    StringBuilder s = new StringBuilder(records * 400);
    String[] resolver = new String[1];
    draw(records, indicators, quiet, v -> resolver[0] = v, c -> s.append("{\"_path\":\"conn\",\"ts\":").append(BASE + c.second()).append('.')
        .append(String.format("%06d", c.fraction())).append(",\"uid\":\"C").append(Long.toString(c.uid(), 36)).append("\",\"id.orig_h\":\"")
        .append(c.orig()).append("\",\"id.orig_p\":").append(c.origPort()).append(",\"id.resp_h\":\"").append(c.resp())
        .append("\",\"id.resp_p\":").append(c.respPort()).append(",\"proto\":\"tcp\",\"service\":\"").append(c.service())
        .append("\",\"duration\":0.").append(c.duration()).append(",\"orig_bytes\":").append(c.origBytes()).append(",\"resp_bytes\":")
        .append(c.respBytes()).append(",\"conn_state\":\"SF\",\"local_orig\":true,\"local_resp\":false,\"missed_bytes\":0,\"history\":\"ShADadFf\",\"orig_pkts\":")
        .append(c.origPkts()).append(",\"orig_ip_bytes\":").append(c.origIpBytes()).append(",\"resp_pkts\":").append(c.respPkts())
        .append(",\"resp_ip_bytes\":").append(c.respIpBytes()).append("}\n"), () -> { },
        d -> s.append("{\"_path\":\"dns\",\"ts\":").append(BASE + d.second()).append('.').append(String.format("%06d", d.fraction()))
            .append(",\"uid\":\"C").append(Long.toString(d.uid(), 36)).append("\",\"id.orig_h\":\"").append(d.orig())
            .append("\",\"id.orig_p\":").append(d.origPort()).append(",\"id.resp_h\":\"").append(resolver[0])
            .append("\",\"id.resp_p\":53,\"proto\":\"udp\",\"trans_id\":").append(d.transId()).append(",\"rtt\":0.0").append(d.rtt())
            .append(",\"query\":\"").append(d.query())
            .append("\",\"qclass\":1,\"qclass_name\":\"C_INTERNET\",\"qtype\":1,\"qtype_name\":\"A\",\"rcode\":0,\"rcode_name\":\"NOERROR\",")
            .append("\"AA\":false,\"TC\":false,\"RD\":true,\"RA\":true,\"Z\":0,\"answers\":[\"").append(d.answer1()).append("\",\"")
            .append(d.answer2()).append("\"],\"TTLs\":[300.0,300.0],\"rejected\":false}\n"));
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The records of {@link #zeek} (the same draws) as Elastic Common Schema documents, nested as
   * Filebeat's Zeek module writes them: a connection (source, destination, network) and a DNS
   * answer ({@code dns.question.name}, {@code dns.resolved_ip}, {@code dns.answers}).
   */
  static byte[] ecs(int records, int indicators, Predicate<String> quiet) {
    StringBuilder s = new StringBuilder(records * 520);
    String[] resolver = new String[1];
    draw(records, indicators, quiet, v -> resolver[0] = v, c -> s.append("{\"@timestamp\":\"").append(time(c.second(), c.fraction()))
        .append("\",\"event\":{\"kind\":\"event\",\"category\":[\"network\"],\"type\":[\"connection\"],")
        .append("\"dataset\":\"zeek.connection\",\"id\":\"C").append(Long.toString(c.uid(), 36)).append("\",\"duration\":").append(c.duration() * 1000L)
        .append("},\"source\":{\"ip\":\"").append(c.orig()).append("\",\"port\":").append(c.origPort()).append(",\"bytes\":").append(c.origBytes())
        .append("},\"destination\":{\"ip\":\"").append(c.resp()).append("\",\"port\":").append(c.respPort()).append(",\"bytes\":").append(c.respBytes())
        .append("},\"network\":{\"transport\":\"tcp\",\"protocol\":\"").append(c.service()).append("\",\"direction\":\"outbound\"},")
        .append("\"zeek\":{\"connection\":{\"state\":\"SF\",\"history\":\"ShADadFf\",\"missed_bytes\":0,\"orig_pkts\":").append(c.origPkts())
        .append(",\"orig_ip_bytes\":").append(c.origIpBytes()).append(",\"resp_pkts\":").append(c.respPkts()).append(",\"resp_ip_bytes\":")
        .append(c.respIpBytes()).append("}}}\n"), () -> { },
        d -> s.append("{\"@timestamp\":\"").append(time(d.second(), d.fraction()))
            .append("\",\"event\":{\"kind\":\"event\",\"category\":[\"network\"],\"type\":[\"protocol\"],")
            .append("\"dataset\":\"zeek.dns\",\"id\":\"C").append(Long.toString(d.uid(), 36)).append("\"},\"source\":{\"ip\":\"").append(d.orig())
            .append("\",\"port\":").append(d.origPort())
            .append("},\"destination\":{\"ip\":\"").append(resolver[0]).append("\",\"port\":53},\"network\":{\"transport\":\"udp\",\"protocol\":\"dns\"},")
            .append("\"dns\":{\"id\":\"").append(d.transId()).append("\",\"type\":\"answer\",\"response_code\":\"NOERROR\",\"question\":{\"name\":\"")
            .append(d.query()).append("\",\"type\":\"A\",\"class\":\"IN\"},\"answers\":[{\"name\":\"").append(d.query())
            .append("\",\"type\":\"A\",\"ttl\":300,\"data\":\"").append(d.answer1())
            .append("\"},{\"name\":\"").append(d.query()).append("\",\"type\":\"A\",\"ttl\":300,\"data\":\"").append(d.answer2())
            .append("\"}],\"resolved_ip\":[\"").append(d.answer1()).append("\",\"").append(d.answer2()).append("\"]}}\n"));
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String time(long second, int fraction) {
    return Instant.ofEpochSecond(BASE + second, fraction * 1000L).toString();
  }
}

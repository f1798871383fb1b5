package dev.parley.web;

import dev.parley.ingest.Incoming;
import dev.parley.ingest.Ingest;
import dev.parley.ingest.IngestListener;
import dev.parley.ingest.Load;
import dev.parley.ingest.LoadOptions;
import dev.parley.ingest.Refusal;
import dev.parley.stix.StixReader;
import dev.parley.stix.StixRecord;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import dev.parley.store.objects.AddOutcome;
import dev.parley.store.objects.ConflictPolicy;
import dev.parley.web.view.Card;
import dev.parley.web.view.ImportView;
import dev.parley.web.view.JobPage;
import dev.parley.web.view.JobView;
import dev.parley.web.view.Links;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports from the browser: a STIX file uploaded into a collection goes through the same pipeline
 * as {@code parley import} ({@link Ingest}), one file at a time per node, in the background; its
 * page polls the progress and lists the findings per object (file:line, JSON pointer, message).
 * Jobs are kept in memory, for their account only.
 */
final class Imports implements AutoCloseable {
  private static final int CHUNK = 500;
  private static final int BATCH = 1000;
  private static final int MAX_FINDINGS = 1000;
  private static final Pattern POINTER = Pattern.compile("(?:^|\\s)(/[^\\s:,]*)");
  private static final String PEER_WRITES = "a peer's account writes through TAXII only (POST to a collection's objects/, as its"
      + " pushes do), into the collections its agreement accepts";

  private final Stores stores;
  private final WebUi ui;
  private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "web-import");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private Ingest ingest;

  Imports(WebUi ui) {
    this.ui = ui;
    this.stores = ui.stores;
  }

  private static final class Job {
    final String id = Sessions.randomId();
    final String account;
    final String file;
    final long size;
    final AtomicLong bytesRead = new AtomicLong();
    final AtomicLong read = new AtomicLong();
    final AtomicLong stored = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final List<JobView.Finding> findings = Collections.synchronizedList(new ArrayList<>());
    volatile boolean done;
    volatile String error;

    Job(String account, String file, long size) {
      this.account = account;
      this.file = file;
      this.size = size;
    }

    void finding(String where, String message) {
      refused.incrementAndGet();
      if (findings.size() >= MAX_FINDINGS) return;
      Matcher m = POINTER.matcher(message);
      findings.add(new JobView.Finding(where, m.find() ? m.group(1) : "", message));
    }
  }

  void form(Context ctx, WebUi.Viewer v, Pages pages) {
    ui(ctx, v, pages, null, null);
  }

  private void ui(Context ctx, WebUi.Viewer v, Pages pages, String job, String message) {
    List<Collection> writable = pages.visible(v).stream().filter(c -> v.account().canWrite(c.id().toString())).toList();
    boolean peer = v.account().isPeer();
    List<Card> importable = peer ? List.of()
        : writable.stream().map(c -> new Card(c.id().toString(), c.title(), c.description(), 0, Links.collection(c.id()), true)).toList();
    List<ImportView.TaxiiTarget> peerWrites = !peer ? List.of()
        : writable.stream().map(c -> new ImportView.TaxiiTarget(c.title(), "/" + c.apiRoot() + "/collections/" + c.id() + "/objects/")).toList();
    ui.render(ctx, "import.jte", new ImportView(ui.layout(ctx, v, "Import"), importable, peer, peerWrites, job, message));
  }

  void upload(Context ctx, WebUi.Viewer v, Pages pages) {
    String collection = ctx.formParam("collection");
    UUID id;
    try {
      id = UUID.fromString(collection == null ? "" : collection);
    } catch (IllegalArgumentException e) {
      throw new WebException(400, "collection: choose a collection to import into");
    }
    // a peer's objects are stored as sent by it (provenance), which echo and relay are judged by, and
    // it is told as little as TAXII tells it; an import stores the node's own and reports what it stored
    if (v.account().isPeer()) throw new WebException(403, PEER_WRITES);
    if (!v.account().canWrite(id.toString())) {
      throw new WebException(404, "there is no collection " + id + " that this account may write");
    }
    Collection target = stores.collections().find(id).orElseThrow(() -> new WebException(404, "there is no collection " + id + " that this account may write"));
    UploadedFile file = ctx.uploadedFile("file");
    if (file == null || file.size() == 0) {
      ctx.status(400);
      ui(ctx, v, pages, null, "Choose a STIX file to upload (a bundle, an object, an array or JSON Lines); the one sent was empty.");
      return;
    }
    byte[] content;
    try (InputStream in = file.content()) {
      content = in.readAllBytes();
    } catch (IOException e) {
      throw new WebException(400, "the upload could not be read: " + e.getMessage());
    }
    String name = file.filename() == null || file.filename().isBlank() ? "upload.json" : file.filename().replaceAll("[\\r\\n]", "");
    Job job = new Job(v.account().name(), name, content.length);
    jobs.put(job.id, job);
    runner.submit(() -> run(job, target, content));
    ctx.redirect("/ui/import/" + job.id, io.javalin.http.HttpStatus.SEE_OTHER);
  }

  void job(Context ctx, WebUi.Viewer v) {
    Job job = jobs.get(ctx.pathParam("job"));
    if (job == null || !job.account.equals(v.account().name())) throw new WebException(404, "there is no such import of this account");
    int percent = job.done ? 100 : (int) Math.min(99, job.size == 0 ? 0 : job.bytesRead.get() * 100 / job.size);
    List<JobView.Finding> findings;
    synchronized (job.findings) {
      findings = List.copyOf(job.findings);
    }
    JobView view = new JobView(job.id, job.file, job.done, job.read.get(), job.stored.get(), job.refused.get(), percent, findings, job.error);
    if (ctx.header("HX-Request") != null) {
      // htmx polls the fragment until the import is done
      WebUi.headers(ctx);
      gg.jte.output.StringOutput out = new gg.jte.output.StringOutput();
      ui.templates.render("job.jte", view, out);
      ctx.contentType("text/html; charset=utf-8").result(out.toString());
    } else {
      ui.render(ctx, "jobpage.jte", new JobPage(ui.layout(ctx, v, "Import " + job.file), view));
    }
  }

  private void run(Job job, Collection target, byte[] content) {
    try {
      synchronized (this) {
        if (ingest == null) ingest = new Ingest(stores);
      }
      Counting in = new Counting(new ByteArrayInputStream(content), job.bytesRead);
      IngestListener listener = new IngestListener() {
        @Override
        public void refused(Refusal r) {
          job.finding(job.file + ":" + r.tag(), (r.stixId() == null || r.stixId().isEmpty() ? "" : r.stixId() + ": ") + r.message());
        }

        @Override
        public void committed(long[] tags, List<AddOutcome> outcomes) {
          for (int i = 0; i < outcomes.size(); i++) {
            AddOutcome o = outcomes.get(i);
            switch (o.kind()) {
              case STORED, REPLACED -> job.stored.incrementAndGet();
              case DUPLICATE -> { }
              case CONFLICT -> job.finding(job.file + ":" + tags[i], o.stixId() + ": " + o.message());
            }
          }
        }
      };
      try (StixReader reader = StixReader.open(in, job.file);
          Load load = ingest.begin(target.id(), LoadOptions.batches(BATCH, ConflictPolicy.KEEP), listener)) {
        List<Incoming> chunk = new ArrayList<>(CHUNK);
        while (reader.hasNext()) {
          StixRecord record = reader.next();
          Incoming item = null;
          if (record instanceof StixRecord.ObjectRecord o) item = new Incoming.Parsed(o.line(), o.object(), o.text());
          else if (record instanceof StixRecord.Malformed m) item = new Incoming.Malformed(m.line(), m.finding().toString());
          if (item != null) {
            job.read.incrementAndGet();
            chunk.add(item);
          }
          if (chunk.size() == CHUNK || (!reader.hasNext() && !chunk.isEmpty())) {
            load.submit(chunk);
            chunk = new ArrayList<>(CHUNK);
          }
        }
        load.finish();
      }
      if (job.read.get() == 0 && job.refused.get() == 0) job.error = "the file holds no STIX object";
    } catch (IOException | RuntimeException e) {
      job.error = "the import stopped: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } finally {
      job.done = true;
    }
  }

  /** Counts the bytes read, for the progress bar. */
  private static final class Counting extends FilterInputStream {
    private final AtomicLong count;

    Counting(InputStream in, AtomicLong count) {
      super(in);
      this.count = count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) count.incrementAndGet();
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) count.addAndGet(n);
      return n;
    }
  }

  @Override
  public synchronized void close() {
    runner.shutdownNow();
    if (ingest != null) ingest.close();
  }
}

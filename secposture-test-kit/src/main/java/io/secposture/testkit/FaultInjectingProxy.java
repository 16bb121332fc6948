package io.secposture.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small HTTP/1.1 proxy that sits between a storage client and a real (local) storage server and injects faults:
 * error answers such as {@code 503 Service Unavailable} for the next few requests, dropped connections, delays, or a
 * hook that stops the real server when the n-th request arrives. Everything it forwards is passed through byte for
 * byte (the {@code Host} header too, so request signatures such as AWS SigV4 still verify); only request framing is
 * parsed ({@code Content-Length}, {@code Transfer-Encoding: chunked}, {@code Expect: 100-continue}).
 *
 * <p><b>Who uses it.</b> Fault tests of storage publishers: point the client's endpoint at {@link #uri()} instead
 * of the server. For example, three 503 answers and then recovery:
 * <pre>{@code
 * try (FaultInjectingProxy proxy = FaultInjectingProxy.start("127.0.0.1", serverPort)) {
 *   proxy.failNext(3, 503);
 *   publisher.publish(destinationThrough(proxy.uri()), publication);   // the SDK retries and succeeds
 *   assertThat(proxy.requests()).filteredOn(r -> r.action().equals("503")).hasSize(3);
 * }
 * }</pre>
 *
 * <p>Thread-safe: one thread per client connection; rules may be changed while requests flow. Not for production:
 * plain HTTP on loopback only.
 */
public final class FaultInjectingProxy implements Closeable {
  private static final int MAX_HEAD = 64 * 1024;

  private final String upstreamHost;
  private final int upstreamPort;
  private final ServerSocket listener;
  private final ExecutorService threads;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger counter = new AtomicInteger();
  private final List<RecordedRequest> log = Collections.synchronizedList(new ArrayList<>());
  private final AtomicReference<Rule> rule = new AtomicReference<>(request -> Action.forward());
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicReference<Action> failure = new AtomicReference<>();
  private volatile boolean down;

  /** A request as the proxy saw it: its number (from 1), method, target and headers (names lower-case). */
  public record Request(int number, String method, String target, Map<String, String> headers) {
    /** Copies the headers. */
    public Request {
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }
  }

  /** A request and what the proxy did with it: {@code forward}, a status code such as {@code 503}, or {@code drop}. */
  public record RecordedRequest(int number, String method, String target, String action) {
  }

  /** Decides what to do with a request. Called on the connection's thread; may block (for example to stop a server). */
  @FunctionalInterface
  public interface Rule {
    /**
     * Decides.
     *
     * @param request the request head
     * @return what to do
     */
    Action decide(Request request);
  }

  /** What the proxy does with one request. */
  public static final class Action {
    private final int status;
    private final String contentType;
    private final byte[] body;
    private final Duration delay;
    private final boolean drop;

    private Action(int status, String contentType, byte[] body, Duration delay, boolean drop) {
      this.status = status;
      this.contentType = contentType;
      this.body = body;
      this.delay = delay;
      this.drop = drop;
    }

    /**
     * Passes the request to the server.
     *
     * @return the action
     */
    public static Action forward() {
      return new Action(0, null, null, Duration.ZERO, false);
    }

    /**
     * Waits, then passes the request to the server.
     *
     * @param delay how long to wait
     * @return the action
     */
    public static Action delayThenForward(Duration delay) {
      return new Action(0, null, null, Objects.requireNonNull(delay, "delay"), false);
    }

    /**
     * Answers without asking the server, then closes the connection.
     *
     * @param status the status code, e.g. 503
     * @param contentType the body's media type
     * @param body the body
     * @return the action
     */
    public static Action respond(int status, String contentType, String body) {
      return new Action(status, contentType, body.getBytes(StandardCharsets.UTF_8), Duration.ZERO, false);
    }

    /**
     * Closes the connection without an answer (the client sees a reset), as a crashing server does.
     *
     * @return the action
     */
    public static Action drop() {
      return new Action(0, null, null, Duration.ZERO, true);
    }
  }

  private FaultInjectingProxy(String upstreamHost, int upstreamPort) throws IOException {
    this.upstreamHost = upstreamHost;
    this.upstreamPort = upstreamPort;
    this.listener = new ServerSocket();
    this.listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    AtomicInteger threadNumber = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "fault-proxy-" + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    threads.execute(this::acceptLoop);
  }

  /**
   * Starts a proxy on a free loopback port in front of a server.
   *
   * @param upstreamHost the server's host, e.g. {@code 127.0.0.1}
   * @param upstreamPort the server's port
   * @return the running proxy
   * @throws IOException if no port can be bound
   */
  public static FaultInjectingProxy start(String upstreamHost, int upstreamPort) throws IOException {
    return new FaultInjectingProxy(upstreamHost, upstreamPort);
  }

  /**
   * Returns the proxy's address, to use as the client's endpoint.
   *
   * @return {@code http://127.0.0.1:<port>}
   */
  public URI uri() {
    return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port());
  }

  /**
   * Returns the port the proxy listens on.
   *
   * @return the port
   */
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * Answers the next {@code count} requests with {@code status} (and a short JSON body), then forwards again.
   *
   * @param count how many requests
   * @param status the status code, e.g. 503
   */
  public void failNext(int count, int status) {
    failNext(count, Action.respond(status, "application/json",
        "{\"error\":{\"code\":" + status + ",\"message\":\"injected by FaultInjectingProxy\"}}"));
  }

  /**
   * Applies an action to the next {@code count} requests, then forwards again.
   *
   * @param count how many requests
   * @param action what to do with them
   */
  public void failNext(int count, Action action) {
    failure.set(Objects.requireNonNull(action, "action"));
    failuresLeft.set(count);
  }

  /**
   * Sets the rule for requests not covered by {@link #failNext}; the default forwards everything.
   *
   * @param rule the rule
   */
  public void rule(Rule rule) {
    this.rule.set(Objects.requireNonNull(rule, "rule"));
  }

  /**
   * Returns every request seen so far and what was done with it.
   *
   * @return a snapshot, in arrival order
   */
  public List<RecordedRequest> requests() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /**
   * Takes the proxy down as a stopped server goes down: stops listening (new connections are refused) and resets
   * every open connection.
   */
  public void goDown() {
    down = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // already closed
    }
    for (Socket socket : sockets) {
      reset(socket);
    }
  }

  @Override
  public void close() {
    goDown();
    threads.shutdownNow();
  }

  private void acceptLoop() {
    while (!down) {
      try {
        Socket client = listener.accept();
        sockets.add(client);
        threads.execute(() -> serve(client));
      } catch (IOException e) {
        return; // listener closed
      }
    }
  }

  private void serve(Socket client) {
    Socket upstream = null;
    try (client) {
      client.setTcpNoDelay(true);
      InputStream fromClient = new BufferedInputStream(client.getInputStream());
      OutputStream toClient = client.getOutputStream();
      while (!down) {
        byte[] head = readHead(fromClient);
        if (head == null) {
          return;
        }
        Request request = parse(head, counter.incrementAndGet());
        Action action = decide(request);
        if (action.drop) {
          record(request, "drop");
          reset(client);
          return;
        }
        if (action.status > 0) {
          record(request, Integer.toString(action.status));
          if (!"100-continue".equalsIgnoreCase(request.headers().get("expect"))) {
            copyBody(request, fromClient, OutputStream.nullOutputStream());
          }
          toClient.write(("HTTP/1.1 " + action.status + " Injected\r\nContent-Type: " + action.contentType
              + "\r\nContent-Length: " + action.body.length + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
          toClient.write(action.body);
          toClient.flush();
          return;
        }
        if (!action.delay.isZero()) {
          Thread.sleep(action.delay.toMillis());
        }
        if (upstream == null || upstream.isClosed()) {
          try {
            upstream = new Socket(upstreamHost, upstreamPort);
          } catch (IOException e) {
            record(request, "drop");
            reset(client);
            return;
          }
          upstream.setTcpNoDelay(true);
          sockets.add(upstream);
          Socket server = upstream;
          threads.execute(() -> pump(server, client));
        }
        record(request, "forward");
        OutputStream toServer = upstream.getOutputStream();
        toServer.write(head);
        copyBody(request, fromClient, toServer);
        toServer.flush();
      }
    } catch (IOException e) {
      // a side closed the connection: nothing to report, the client sees it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      sockets.remove(client);
      if (upstream != null) {
        closeQuietly(upstream);
        sockets.remove(upstream);
      }
    }
  }

  private Action decide(Request request) {
    while (true) {
      int left = failuresLeft.get();
      if (left <= 0) {
        return rule.get().decide(request);
      }
      if (failuresLeft.compareAndSet(left, left - 1)) {
        return failure.get();
      }
    }
  }

  /** Copies the server's answers back to the client, unparsed, until either side closes. */
  private void pump(Socket server, Socket client) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = server.getInputStream()) {
      OutputStream out = client.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side went away
    } finally {
      closeQuietly(client);
      sockets.remove(server);
    }
  }

  private void record(Request request, String action) {
    log.add(new RecordedRequest(request.number(), request.method(), request.target(), action));
  }

  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        if (head.size() == 0) {
          return null;
        }
        throw new IOException("connection closed inside a request head");
      }
      head.write(b);
      if (head.size() > MAX_HEAD) {
        throw new IOException("request head over " + MAX_HEAD + " bytes");
      }
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toByteArray();
  }

  private static Request parse(byte[] head, int number) throws IOException {
    String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
    String[] requestLine = lines[0].split(" ");
    if (requestLine.length < 3) {
      throw new IOException("malformed request line: " + lines[0]);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    return new Request(number, requestLine[0], requestLine[1], headers);
  }

  private static void copyBody(Request request, InputStream in, OutputStream out) throws IOException {
    String encoding = request.headers().get("transfer-encoding");
    if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
      while (true) {
        String sizeLine = readLine(in);
        out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        int semicolon = sizeLine.indexOf(';');
        long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
        if (size == 0) {
          String trailer;
          do {
            trailer = readLine(in);
            out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
          } while (!trailer.isEmpty());
          return;
        }
        copy(in, out, size);
        String end = readLine(in);
        out.write((end + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      }
    }
    String length = request.headers().get("content-length");
    if (length != null) {
      copy(in, out, Long.parseLong(length));
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(32);
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
      if (line.size() > MAX_HEAD) {
        throw new IOException("line over " + MAX_HEAD + " bytes");
      }
    }
    throw new IOException("connection closed inside a chunked body");
  }

  private static void copy(InputStream in, OutputStream out, long count) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = count;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("connection closed with " + left + " body bytes missing");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException ignored) {
      // closing anyway
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  @Override
  public String toString() {
    return "FaultInjectingProxy[" + uri() + " -> " + upstreamHost + ":" + upstreamPort + "]";
  }
}

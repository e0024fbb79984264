package io.gradstream.app.demo;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real RTSP server on 127.0.0.1 that serves a local video file, looping forever, as if it were a
 * live camera. It runs two processes: {@code rtsp-server-perl} (the RTSP server) and an {@code
 * ffmpeg} publisher that re-encodes the file in real time to H.264 (ultrafast, zerolatency, a key
 * frame every 10 frames so a new reader gets a picture quickly) and pushes it to the server.
 *
 * <p>Readers connect to {@link #url()}. rtsp-server-perl only sends RTP over UDP, so readers must
 * use UDP transport (for FFmpeg/JavaCV: option {@code rtsp_transport=udp}).
 *
 * <p>{@link #kill()} and {@link #restart()} simulate a camera that dies mid-stream and comes back
 * at the same address. The processes never outlive the JVM: {@link #close()}, a shutdown hook, and
 * a watchdog in the server process (which exits when its parent JVM is gone, taking the publisher
 * with it) all stop them. Process output goes to log files in {@link #logDirectory()}, never to the
 * console.
 *
 * <p>Used by the {@code gradstream demo} command and by end-to-end tests. Thread-safe.
 */
public final class LoopingRtspServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LoopingRtspServer.class);

  /** How long {@link #start} and {@link #restart} wait for the stream to become readable. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private static final String HOST = "127.0.0.1";
  private static final InetAddress LOOPBACK = loopback();
  private static final Pattern STREAM_NAME = Pattern.compile("[A-Za-z0-9._-]+");
  // A fresh RTP port range and source port per attempt gets past a rare port clash with another
  // process.
  private static final int MAX_ATTEMPTS = 3;
  private static final int TAIL_LINES = 25;
  private static final String SERVER_LISTENING = "Client server started";

  /**
   * Runs rtsp-server-perl's own script with three fixes. (1) RTSP::Server's housekeeping resets its
   * RTP port counter to a hard-coded 20000 when a connection is cleaned up while nothing is
   * mounted; pinning that default to our range keeps every server on its own ports. (2) Its UDP
   * receive buffer for the publisher's RTP is the kernel default (about 208 KiB), about one key
   * frame of this stream: on a busy machine it overflowed and readers saw corrupted key frames, so
   * it is raised to 4 MiB (capped by net.core.rmem_max). (3) A watchdog exits when the JVM is no
   * longer its parent, even after a SIGKILL of the JVM, which no shutdown hook can cover; the
   * publisher then fails on the lost connection and exits too. Autoflush keeps the log current for
   * the readiness check.
   */
  private static final String PERL_WRAPPER =
      """
      use strict; use warnings;
      use AnyEvent;
      use Socket qw(SOL_SOCKET SO_RCVBUF);
      use RTSP::Server;
      use RTSP::Server::RTPListener;
      $| = 1;
      my ($script, $rtp_base, $jvm_pid, @options) = @ARGV;
      $RTSP::Server::RTP_START_PORT = $rtp_base;
      {
        no warnings 'redefine';
        my $listen = \\&RTSP::Server::RTPListener::listen;
        *RTSP::Server::RTPListener::listen = sub {
          my $ok = $listen->(@_);
          setsockopt($_[0]->socket, SOL_SOCKET, SO_RCVBUF, 4 * 1024 * 1024) if $ok;
          return $ok;
        };
      }
      @ARGV = @options;
      my $watchdog = AnyEvent->timer(after => 1, interval => 1, cb => sub {
        if (getppid() != $jvm_pid) { print "JVM $jvm_pid is gone, exiting\\n"; exit 0; }
      });
      unless (defined do $script) { die "$script failed: $@" if $@; }
      """;

  /** Servers not yet closed, for the shutdown hook. */
  private static final Set<LoopingRtspServer> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> LIVE.forEach(LoopingRtspServer::destroyOnShutdown),
                "looping-rtsp-server-cleanup"));
  }

  private final Path video;
  private final String streamName;
  private final int clientPort;
  private final Path perl;
  private final Path serverScript;
  private final Path ffmpeg;
  private final Path logDirectory;
  private final Path serverLog;
  private final Path publisherLog;

  private int sourcePort;
  private int launches;
  private boolean closed;
  // Volatile so the shutdown hook can read them without taking the lock a starting thread may hold.
  private volatile Process server;
  private volatile Process publisher;

  private LoopingRtspServer(
      Path video,
      String streamName,
      int clientPort,
      Path perl,
      Path serverScript,
      Path ffmpeg,
      Path logDirectory) {
    this.video = video;
    this.streamName = streamName;
    this.clientPort = clientPort;
    this.perl = perl;
    this.serverScript = serverScript;
    this.ffmpeg = ffmpeg;
    this.logDirectory = logDirectory;
    this.serverLog = logDirectory.resolve("rtsp-server-perl.log");
    this.publisherLog = logDirectory.resolve("ffmpeg.log");
    this.sourcePort = freeTcpPort();
  }

  /**
   * Starts serving {@code video} at {@code rtsp://127.0.0.1:PORT/streamName} on a free port and
   * returns once the stream is readable.
   *
   * @param video a video file ffmpeg can read; it is played in a loop, in real time
   * @param streamName the path readers ask for: letters, digits, {@code . _ -}
   * @throws DemoSetupException if rtsp-server-perl, ffmpeg or the video file is missing, or the
   *     stream is not readable within {@link #START_TIMEOUT} (the message ends with the logs)
   */
  public static LoopingRtspServer start(Path video, String streamName) {
    return start(video, streamName, 0);
  }

  /**
   * Like {@link #start(Path, String)} with a fixed client port, for a demo whose URL must be known
   * in advance.
   *
   * @param clientPort the TCP port readers connect to, or 0 for a free one
   */
  public static LoopingRtspServer start(Path video, String streamName, int clientPort) {
    Objects.requireNonNull(video, "video");
    Objects.requireNonNull(streamName, "streamName");
    if (!STREAM_NAME.matcher(streamName).matches()) {
      throw new IllegalArgumentException(
          "stream name '" + streamName + "' must be letters, digits, '.', '_' or '-'");
    }
    if (clientPort < 0 || clientPort > 65535) {
      throw new IllegalArgumentException("client port " + clientPort + " is not in 0..65535");
    }
    DemoFootage.require(video, "the video file to serve");
    Path serverScript = requireTool("rtsp-server-perl", "the RTSP server rtsp-server-perl");
    Path perl = requireTool("perl", "perl (needed by rtsp-server-perl)");
    Path ffmpeg = requireTool("ffmpeg", "ffmpeg");
    Path logDirectory;
    try {
      logDirectory = Files.createTempDirectory("gradstream-rtsp-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a log directory for the demo RTSP server", e);
    }
    int port = clientPort == 0 ? freeTcpPort() : clientPort;
    LoopingRtspServer rtsp =
        new LoopingRtspServer(
            video.toAbsolutePath(), streamName, port, perl, serverScript, ffmpeg, logDirectory);
    LIVE.add(rtsp);
    try {
      synchronized (rtsp) {
        rtsp.launch("started");
      }
    } catch (RuntimeException e) {
      rtsp.close();
      throw e;
    }
    return rtsp;
  }

  /** Where readers connect: {@code rtsp://127.0.0.1:PORT/NAME}; unchanged by {@link #restart()}. */
  public String url() {
    return "rtsp://" + HOST + ":" + clientPort + "/" + streamName;
  }

  /**
   * Where another publisher can push a stream of its own to this server ({@code
   * rtsp://127.0.0.1:SOURCE_PORT}, append {@code /NAME}); readers then find it at {@code
   * rtsp://127.0.0.1:CLIENT_PORT/NAME}, over UDP. The source port may change with {@link
   * #restart()}.
   */
  public synchronized String publishBaseUrl() {
    return "rtsp://" + HOST + ":" + sourcePort;
  }

  /** The TCP port readers connect to; unchanged by {@link #restart()}. */
  public int clientPort() {
    return clientPort;
  }

  /**
   * The directory holding {@code rtsp-server-perl.log} and {@code ffmpeg.log}; kept after close.
   */
  public Path logDirectory() {
    return logDirectory;
  }

  /** Whether both the server and the publisher process are running. */
  public boolean isAlive() {
    Process s = server;
    Process p = publisher;
    return s != null && s.isAlive() && p != null && p.isAlive();
  }

  /**
   * Kills the server and the publisher at once (SIGKILL), as a camera that loses power would:
   * readers lose the stream mid-frame and new readers are refused. Returns once both processes are
   * gone, so the ports are free for {@link #restart()}.
   */
  public synchronized void kill() {
    ensureOpen();
    stopProcesses(true);
    log.info("demo RTSP server killed: {}", url());
  }

  /**
   * Starts the server and the publisher again on the same client port and stream name (killing them
   * first if they are running) and returns once the stream is readable again. The video starts from
   * the beginning.
   *
   * @throws DemoSetupException if the stream is not readable within {@link #START_TIMEOUT}
   */
  public synchronized void restart() {
    ensureOpen();
    stopProcesses(true);
    launch("restarted");
  }

  /**
   * Stops both processes and their descendants. Idempotent. The log directory is kept for
   * inspection.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopProcesses(false);
    LIVE.remove(this);
    log.info("demo RTSP server closed: {} (logs in {})", url(), logDirectory);
  }

  /**
   * The server and publisher processes as last started, for tests that check nothing outlives
   * close.
   */
  List<ProcessHandle> processes() {
    return Stream.of(server, publisher).filter(Objects::nonNull).map(Process::toHandle).toList();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the demo RTSP server at " + url() + " is closed");
    }
  }

  /** Launches both processes until the stream is readable, retrying with fresh ports, or throws. */
  private void launch(String event) {
    long begin = System.nanoTime();
    long deadline = begin + START_TIMEOUT.toNanos();
    List<String> failures = new ArrayList<>();
    for (int attempt = 1; attempt <= MAX_ATTEMPTS && System.nanoTime() < deadline; attempt++) {
      if (attempt > 1 || !tcpPortFree(sourcePort)) {
        sourcePort = freeTcpPort();
      }
      int rtpBase = freeRtpBase();
      launches++;
      String failure;
      try {
        failure = launchOnce(rtpBase, deadline);
      } catch (RuntimeException e) {
        stopProcesses(true);
        throw e;
      }
      if (failure == null) {
        log.info(
            "demo RTSP server {}: {} serving {} in a loop, readable after {} ms (attempt {}, logs in {})",
            event,
            url(),
            video,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin),
            attempt,
            logDirectory);
        return;
      }
      log.warn("demo RTSP server attempt {} for {} failed: {}", attempt, url(), failure);
      failures.add("attempt " + attempt + ": " + failure);
      stopProcesses(true);
    }
    throw new DemoSetupException(
        "the demo RTSP server for "
            + video
            + " did not become readable at "
            + url()
            + " within "
            + START_TIMEOUT.toSeconds()
            + " s ("
            + String.join("; ", failures)
            + ")"
            + "\n--- last lines of "
            + serverLog
            + " ---\n"
            + tail(serverLog)
            + "\n--- last lines of "
            + publisherLog
            + " ---\n"
            + tail(publisherLog));
  }

  /**
   * One launch: server, then publisher, then probe until readable. Returns null on success, else
   * why not.
   */
  private String launchOnce(int rtpBase, long deadline) {
    String marker =
        "--- launch "
            + launches
            + " at "
            + Instant.now()
            + ": client port "
            + clientPort
            + ", source port "
            + sourcePort
            + ", RTP ports from "
            + rtpBase
            + " ---\n";
    appendMarker(publisherLog, marker);
    long logStart = appendMarker(serverLog, marker);
    // Only readers on 127.0.0.1: the demo must never expose a camera feed to the network.
    server =
        spawn(
            serverLog,
            perl.toString(),
            "-e",
            PERL_WRAPPER,
            "--",
            serverScript.toString(),
            Integer.toString(rtpBase),
            Long.toString(ProcessHandle.current().pid()),
            "--clientport",
            Integer.toString(clientPort),
            "--serverport",
            Integer.toString(sourcePort),
            "--client_listen_address",
            HOST,
            "--source_listen_address",
            HOST,
            "--rtp_start_port",
            Integer.toString(rtpBase),
            "--loglevel",
            "3");
    // ffmpeg gives up at once if the server is not listening yet, so wait for the server's own
    // word.
    while (!logContains(serverLog, logStart, SERVER_LISTENING)) {
      if (!server.isAlive()) {
        return "rtsp-server-perl exited with status " + server.exitValue();
      }
      if (System.nanoTime() >= deadline) {
        return "rtsp-server-perl did not start listening";
      }
      pause(50);
    }
    publisher =
        spawn(
            publisherLog,
            ffmpeg.toString(),
            "-hide_banner",
            "-nostdin",
            "-nostats",
            "-loglevel",
            "warning",
            "-re",
            "-stream_loop",
            "-1",
            "-i",
            video.toString(),
            "-an",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-tune",
            "zerolatency",
            "-g",
            "10",
            "-bf",
            "0",
            "-pix_fmt",
            "yuv420p",
            "-f",
            "rtsp",
            "-rtsp_transport",
            "udp",
            "rtsp://" + HOST + ":" + sourcePort + "/" + streamName);
    String notReadable = "not probed";
    while (true) {
      if (!server.isAlive()) {
        return "rtsp-server-perl exited with status " + server.exitValue();
      }
      if (!publisher.isAlive()) {
        return "ffmpeg exited with status " + publisher.exitValue();
      }
      long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (leftMillis <= 0) {
        return "stream not readable: " + notReadable;
      }
      notReadable =
          RtspProbe.probe(
              LOOPBACK, clientPort, url(), (int) Math.min(1000, Math.max(100, leftMillis)));
      if (notReadable == null) {
        return null;
      }
      pause(100);
    }
  }

  /**
   * Stops both processes and their descendants and waits until they are gone. Abrupt means SIGKILL
   * at once; otherwise SIGTERM first, with SIGKILL after a grace period.
   */
  private void stopProcesses(boolean abrupt) {
    List<ProcessHandle> all = new ArrayList<>();
    for (Process p : new Process[] {publisher, server}) {
      if (p != null) {
        // Descendants first: once the parent is gone they are re-parented and no longer findable.
        p.descendants().forEach(all::add);
        all.add(p.toHandle());
      }
    }
    for (ProcessHandle h : all) {
      if (abrupt) {
        h.destroyForcibly();
      } else {
        h.destroy();
      }
    }
    for (ProcessHandle h : all) {
      if (!awaitExit(h, Duration.ofSeconds(2))) {
        h.destroyForcibly();
        if (!awaitExit(h, Duration.ofSeconds(5))) {
          log.warn("demo RTSP server process {} did not exit after SIGKILL", h.pid());
        }
      }
    }
  }

  private static void destroyOnShutdown(LoopingRtspServer rtsp) {
    for (Process p : new Process[] {rtsp.publisher, rtsp.server}) {
      if (p != null) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
  }

  private static boolean awaitExit(ProcessHandle h, Duration timeout) {
    try {
      h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !h.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !h.isAlive();
    }
  }

  private static Process spawn(Path log, String... command) {
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(Redirect.appendTo(log.toFile()))
              .start();
      // Neither reads stdin; closing it means no pipe is left for them to block on.
      p.getOutputStream().close();
      return p;
    } catch (IOException e) {
      throw new DemoSetupException(
          "cannot start "
              + command[0]
              + ": "
              + e.getMessage()
              + " ("
              + DemoSetupException.FIX
              + ")",
          e);
    }
  }

  /** Finds an executable on PATH, or throws naming it and the fix. */
  static Path requireTool(String name, String what) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    throw new DemoSetupException(
        what
            + " is not installed: no executable '"
            + name
            + "' on PATH ("
            + DemoSetupException.FIX
            + ")");
  }

  private static int freeTcpPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free TCP port on " + HOST, e);
    }
  }

  private static boolean tcpPortFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(LOOPBACK, port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * An even port whose pair is free on 127.0.0.1, below Linux's ephemeral range (32768+) so that
   * sockets the kernel hands out elsewhere rarely land in it. The server receives the publisher's
   * RTP on the first two ports and numbers its reader sockets upward from there.
   */
  private static int freeRtpBase() {
    for (int i = 0; i < 100; i++) {
      int base = 20_000 + 2 * ThreadLocalRandom.current().nextInt(6_000);
      try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(LOOPBACK, base));
          DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress(LOOPBACK, base + 1))) {
        return base;
      } catch (IOException e) {
        // Taken; try another.
      }
    }
    throw new IllegalStateException(
        "no free UDP port pair for RTP between 20000 and 32000 on " + HOST);
  }

  /** Appends a line to a log and returns the log's size after it. */
  private static long appendMarker(Path log, String line) {
    try {
      Files.writeString(
          log, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      return Files.size(log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + log, e);
    }
  }

  private static boolean logContains(Path log, long from, String text) {
    try {
      byte[] all = Files.readAllBytes(log);
      int start = (int) Math.min(from, all.length);
      return new String(all, start, all.length - start, StandardCharsets.UTF_8).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoSetupException("interrupted while waiting for the demo RTSP server", e);
    }
  }

  private static InetAddress loopback() {
    try {
      // Explicitly IPv4: the server listens on 127.0.0.1 only, whatever
      // java.net.preferIPv6Addresses says.
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}

package io.gradstream.app.demo;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal RTSP reader that proves a stream is really readable: DESCRIBE, SETUP over UDP, PLAY,
 * then waits for one RTP packet. An answered DESCRIBE alone is not enough, because rtsp-server-perl
 * answers it as soon as the publisher has ANNOUNCEd, before any media flows. Pure Java so that
 * readiness checks need no ffprobe and cost milliseconds, not a multi-second stream analysis.
 */
final class RtspProbe {
  private RtspProbe() {}

  /**
   * Runs one probe session against {@code url}.
   *
   * @return {@code null} when an RTP packet arrived, else why the stream is not readable yet
   */
  static String probe(InetAddress host, int port, String url, int timeoutMillis) {
    try (Socket socket = new Socket();
        DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(host, 0));
        DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress(host, 0))) {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      rtp.setSoTimeout(timeoutMillis);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();

      Response describe = exchange(in, out, "DESCRIBE " + url, 1, "Accept: application/sdp");
      if (describe.status != 200) {
        return "DESCRIBE answered " + describe.statusLine;
      }
      String setupUrl = setupUrl(url, describe.body);
      // rtsp-server-perl only parses the "client_port=A-B" range form, so always send both ports.
      Response setup =
          exchange(
              in,
              out,
              "SETUP " + setupUrl,
              2,
              "Transport: RTP/AVP;unicast;client_port="
                  + rtp.getLocalPort()
                  + "-"
                  + rtcp.getLocalPort());
      if (setup.status != 200) {
        return "SETUP answered " + setup.statusLine;
      }
      String session = setup.headers.getOrDefault("session", "").split(";", 2)[0].strip();
      Response play = exchange(in, out, "PLAY " + url, 3, "Session: " + session);
      if (play.status != 200) {
        return "PLAY answered " + play.statusLine;
      }
      DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
      try {
        rtp.receive(packet);
      } catch (SocketTimeoutException e) {
        return "no RTP packet within " + timeoutMillis + " ms after PLAY";
      }
      if (packet.getLength() < 12 || (packet.getData()[0] & 0xC0) != 0x80) {
        return "received a datagram that is not RTP version 2";
      }
      try {
        exchange(in, out, "TEARDOWN " + url, 4, "Session: " + session);
      } catch (IOException ignored) {
        // The server drops our state when the connection closes anyway.
      }
      return null;
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** The media-level control URL from the SDP, resolved against the presentation URL. */
  static String setupUrl(String url, String sdp) {
    String control = null;
    boolean inMedia = false;
    for (String line : sdp.split("\r?\n")) {
      if (line.startsWith("m=")) {
        inMedia = true;
      } else if (inMedia && line.startsWith("a=control:")) {
        control = line.substring("a=control:".length()).strip();
        break;
      }
    }
    if (control == null || control.equals("*")) {
      return url;
    }
    return control.regionMatches(true, 0, "rtsp://", 0, 7) ? control : url + "/" + control;
  }

  private record Response(
      int status, String statusLine, Map<String, String> headers, String body) {}

  private static Response exchange(
      InputStream in, OutputStream out, String requestLine, int cseq, String header)
      throws IOException {
    String request =
        requestLine
            + " RTSP/1.0\r\nCSeq: "
            + cseq
            + "\r\n"
            + header
            + "\r\n"
            + "User-Agent: gradstream-probe\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();

    String statusLine = readLine(in);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("RTSP/")) {
      throw new IOException("not an RTSP response: " + statusLine);
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("not an RTSP response: " + statusLine, e);
    }
    Map<String, String> headers = new HashMap<>();
    for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(
            line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).strip());
      }
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      throw new IOException("connection closed inside a response body");
    }
    return new Response(status, statusLine, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed by the RTSP server");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}

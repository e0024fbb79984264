package io.gradstream.common.config;

/**
 * Annotated streams pushed to other servers, for standard players.
 *
 * @param rtspUrl base RTSP URL each camera's annotated stream is pushed to as {@code
 *     <rtsp-url>/<camera>}; empty pushes nothing
 * @param hlsDir directory HLS playlists are written to ({@code <hls-dir>/<camera>/index.m3u8}),
 *     served under {@code /hls/}; empty writes none
 * @param rtspTransport tcp or udp, for the RTSP push (some servers take only one)
 * @param fps frame rate of the pushed streams; frames are repeated or skipped to hold it
 */
public record RepublishConfig(String rtspUrl, String rtspTransport, String hlsDir, double fps) {}

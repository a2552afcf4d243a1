package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the corpus lacks, through the packaged server: a TensorFlow 2 audio summary (two clips
 * of one step), VisualDL 2.x audio and ROC curve records, and TensorFlow's hparams layout (the
 * experiment in the parent run, the session in a child), hand-encoded into event files and a
 * {@code vdlrecords} file, answer on the audio, ROC curve and hparams plugins' routes.
 */
class ForeignMediaIT {
  @TempDir static Path logs;
  static VisualDLProcess server;
  static final byte[] MONO = wav(1, 80);
  static final byte[] STEREO = wav(2, 40);

  @BeforeAll
  static void writeAndStart() throws Exception {
    // Event {wall_time 1, step 2, summary 5 {value 1 {tag 1, tensor 8, metadata 9}}}
    byte[] tensor = msg(o -> {
      o.writeEnum(1, 7); // DT_STRING
      o.writeByteArray(2, msg(s -> {
        s.writeByteArray(2, msg(d -> d.writeInt64(1, 2)));
        s.writeByteArray(2, msg(d -> d.writeInt64(1, 2)));
      }));
      o.writeByteArray(8, MONO);
      o.writeByteArray(8, "first".getBytes(StandardCharsets.UTF_8));
      o.writeByteArray(8, STEREO);
      o.writeByteArray(8, "second".getBytes(StandardCharsets.UTF_8));
    });
    byte[] meta = msg(o -> o.writeByteArray(1, msg(p -> p.writeString(1, "audio"))));
    byte[] value = msg(o -> {
      o.writeString(1, "speech");
      o.writeByteArray(8, tensor);
      o.writeByteArray(9, meta);
    });
    byte[] event = msg(o -> {
      o.writeDouble(1, 1_700_000_000.5);
      o.writeInt64(2, 7);
      o.writeByteArray(5, msg(s -> s.writeByteArray(1, value)));
    });
    Path tb = Files.createDirectories(logs.resolve("tb"));
    Files.write(tb.resolve("events.out.tfevents.1.host"), tfRecord(event));

    // VisualDL 2.x: Record {values 1 {id 1, tag 2, timestamp 3, audio 6 | roc_curve 11}}
    byte[] audio = msg(o -> {
      o.writeFloat(1, 8000f);
      o.writeInt64(2, 1);
      o.writeInt64(3, 80);
      o.writeByteArray(4, MONO);
      o.writeString(5, "audio/wav");
    });
    long[][] rows = {{4, 3, 0}, {6, 1, 0}, {0, 5, 6}, {0, 1, 4}}; // TP, FP, TN, FN
    byte[] roc = msg(o -> {
      for (int f = 1; f <= 4; f++) {
        long[] counts = rows[f - 1];
        o.writeByteArray(f, msg(p -> {
          for (long c : counts) {
            p.writeInt64NoTag(c);
          }
        }));
      }
      for (double d : new double[] {0.9, 0.5, 0.1}) {
        o.writeDouble(5, d); // tpr as VisualDL wrote it, not tp / (tp + fn)
      }
      for (double d : new double[] {1.0, 0.1667, 0.0}) {
        o.writeDouble(6, d);
      }
    });
    ByteArrayOutputStream vdl = new ByteArrayOutputStream();
    vdl.write(vdlRecord(msg(o -> o.writeByteArray(1, msg(v -> {
      v.writeInt64(1, 3);
      v.writeString(2, "voice");
      v.writeInt64(3, 1_700_000_000_000L);
      v.writeByteArray(6, audio);
    })))));
    vdl.write(vdlRecord(msg(o -> o.writeByteArray(1, msg(v -> {
      v.writeInt64(1, 4);
      v.writeString(2, "roc");
      v.writeInt64(3, 1_700_000_001_000L);
      v.writeByteArray(11, roc);
    })))));
    Path vd = Files.createDirectories(logs.resolve("vdl"));
    Files.write(vd.resolve("vdlrecords.1700000000.log"), vdl.toByteArray());

    // TensorFlow's hp API: the experiment in the parent run, a session and its metric in a child.
    byte[] experiment = msg(o -> o.writeByteArray(2, msg(e -> {
      e.writeByteArray(4, msg(h -> h.writeString(1, "units")));
      e.writeByteArray(5, msg(m -> m.writeByteArray(1, msg(n -> n.writeString(2, "accuracy")))));
    })));
    byte[] session = msg(o -> o.writeByteArray(3, msg(s -> s.writeByteArray(1, msg(e -> {
      e.writeString(1, "units");
      e.writeByteArray(2, msg(v -> v.writeDouble(2, 64)));
    })))));
    Path hp = Files.createDirectories(logs.resolve("hp/session-1"));
    Files.write(hp.getParent().resolve("events.out.tfevents.2.host"),
        tfRecord(hparamsEvent("_hparams_/experiment", experiment)));
    ByteArrayOutputStream child = new ByteArrayOutputStream();
    child.write(tfRecord(hparamsEvent("_hparams_/session_start_info", session)));
    child.write(tfRecord(msg(o -> {
      o.writeDouble(1, 1_700_000_002);
      o.writeInt64(2, 10);
      o.writeByteArray(5, msg(s -> s.writeByteArray(1, msg(v -> {
        v.writeString(1, "accuracy");
        v.writeFloat(2, 0.75f);
      }))));
    })));
    Files.write(hp.resolve("events.out.tfevents.3.host"), child.toByteArray());

    server = VisualDLProcess.start("--logdir", logs.toString());
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      JsonNode a = server.json("/api/plugins/audio/tags");
      JsonNode r = server.json("/api/plugins/roc-curve/tags");
      if (a.has("tb") && a.has("vdl") && r.has("vdl")
          && server.json("/api/plugins/hparams/experiment").path("sessions").size() == 1) {
        return;
      }
      Thread.sleep(100);
    }
    fail("not loaded within 20 s: " + server.output());
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void tensorBoardAudioClips() throws Exception {
    JsonNode clips = server.json("/api/plugins/audio/entries?run=tb&tag=speech");
    assertEquals(2, clips.size());
    JsonNode second = clips.get(1);
    assertEquals(7, second.get("step").asLong());
    assertEquals(1_700_000_000_500L, second.get("wallTime").asLong());
    assertEquals(1, second.get("index").asInt());
    assertEquals(8000, second.get("sampleRate").asInt());
    assertEquals(2, second.get("channels").asInt());
    assertEquals(40, second.get("frames").asInt());
    assertEquals("audio/wav", second.get("contentType").asText());
    assertArrayEquals(MONO, bytes(clips.get(0).get("url").asText()));
    assertArrayEquals(STEREO, bytes(second.get("url").asText()));
  }

  @Test
  void visualDl2AudioAndRocCurve() throws Exception {
    JsonNode clips = server.json("/api/plugins/audio/entries?run=vdl&tag=voice");
    assertEquals(1, clips.size());
    assertEquals(3, clips.get(0).get("step").asLong());
    assertEquals(80, clips.get(0).get("frames").asInt());
    assertArrayEquals(MONO, bytes(clips.get(0).get("url").asText()));

    JsonNode curves = server.json("/api/plugins/roc-curve/entries?run=vdl&tag=roc");
    assertEquals(1, curves.size());
    JsonNode c = curves.get(0);
    assertEquals(4, c.get("step").asLong());
    assertEquals("[0.9,0.5,0.1]", c.get("tpr").toString(), "as stored");
    assertEquals("[0.0,0.5,1.0]", c.get("thresholds").toString());
    assertEquals(4.0, c.get("tp").get(0).asDouble());
    assertEquals(4.0, c.get("fn").get(2).asDouble());
  }

  @Test
  void tensorFlowHparamsExperimentInTheParentRun() throws Exception {
    JsonNode e = server.json("/api/plugins/hparams/experiment");
    assertEquals("[{\"tag\":\"accuracy\"}]", e.get("metrics").toString());
    JsonNode session = e.get("sessions").get(0);
    assertEquals("hp/session-1", session.get("run").asText());
    assertEquals(64, session.get("hparams").get("units").asDouble());
    assertEquals(0.75, session.get("metrics").get("accuracy").asDouble());
  }

  static byte[] hparamsEvent(String tag, byte[] content) throws IOException {
    byte[] meta = msg(o -> o.writeByteArray(1, msg(p -> {
      p.writeString(1, "hparams");
      p.writeByteArray(2, content);
    })));
    return msg(o -> {
      o.writeDouble(1, 1_700_000_001);
      o.writeByteArray(5, msg(s -> s.writeByteArray(1, msg(v -> {
        v.writeString(1, tag);
        v.writeByteArray(9, meta);
      }))));
    });
  }

  static byte[] bytes(String url) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.url(url))).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode(), url);
    return r.body();
  }

  interface Writes {
    void to(CodedOutputStream o) throws IOException;
  }

  static byte[] msg(Writes w) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(b);
    w.to(o);
    o.flush();
    return b.toByteArray();
  }

  /** TFRecord framing: length, masked CRC32C of the length, data, masked CRC32C of the data. */
  static byte[] tfRecord(byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(16 + data.length).order(ByteOrder.LITTLE_ENDIAN);
    byte[] len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length)
        .array();
    b.put(len).putInt(masked(len)).put(data).putInt(masked(data));
    return b.array();
  }

  static int masked(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b);
    int crc = (int) c.getValue();
    return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
  }

  static byte[] vdlRecord(byte[] record) {
    return ByteBuffer.allocate(8 + record.length).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(record.length).put(record).array();
  }

  /** A 16-bit PCM WAV file at 8 kHz. */
  static byte[] wav(int channels, int frames) {
    int data = frames * channels * 2;
    ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data)
        .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
        .putShort((short) channels).putInt(8000).putInt(8000 * channels * 2)
        .putShort((short) (channels * 2)).putShort((short) 16)
        .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data);
    for (int i = 0; i < data; i++) {
      b.put((byte) (i * 7));
    }
    return b.array();
  }
}

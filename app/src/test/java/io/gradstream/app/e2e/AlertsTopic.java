package io.gradstream.app.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** The alerts topic read whole, as a downstream system that dedupes by alert id would read it. */
final class AlertsTopic {
  /** What the topic holds: the distinct ids and how many records carried them. */
  record Contents(Set<String> ids, long records) {}

  private AlertsTopic() {}

  /** Reads every partition of {@code topic} from its beginning to its end as of now. */
  static Contents read(String bootstrapServers, String topic) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Set<String> ids = new HashSet<>();
    long records = 0;
    for (ConsumerRecord<String, byte[]> record : TopicRecords.readAll(bootstrapServers, topic)) {
      ids.add(json.readTree(record.value()).get("id").asText());
      records++;
    }
    return new Contents(Set.copyOf(ids), records);
  }

  static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }
}

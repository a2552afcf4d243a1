package org.visualdl.server.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.visualdl.api.StoreChange;
import org.visualdl.api.StoreListener;

/**
 * Hears the store's changes and pushes them to every page listening on {@code /api/events}. A
 * component of its own, without references, so the maintainer's listeners and the servlet's
 * store do not form a cycle.
 */
@Component(service = {StoreListener.class, ChangeFeed.class})
public final class ChangeFeed implements StoreListener {
  /** The most changes sent as one event; past it, pages are told to reload what they show. */
  static final int MAX_CHANGES_PER_EVENT = 500;

  private final EventStream events = new EventStream(new ObjectMapper());

  EventStream events() {
    return events;
  }

  @Deactivate
  void deactivate() {
    events.close();
  }

  /** One change as pages receive it. */
  public record ChangeEvent(String type, String run, String tag, String kind, Long lastStep) {}

  @Override
  public void changed(List<StoreChange> changes) {
    if (changes.size() > MAX_CHANGES_PER_EVENT) {
      events.publish("resync", Map.of("changes", changes.size()));
      return;
    }
    List<ChangeEvent> out = new ArrayList<>(changes.size());
    for (StoreChange c : changes) {
      out.add(
          new ChangeEvent(
              c.type().name().toLowerCase(Locale.ROOT),
              c.run(),
              c.tag().isEmpty() ? null : c.tag(),
              c.kind() == null ? null : c.kind().id(),
              c.type() == StoreChange.Type.DATA ? c.lastStep() : null));
    }
    events.publish("changes", out);
  }
}

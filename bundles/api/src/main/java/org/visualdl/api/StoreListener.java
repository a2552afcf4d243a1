package org.visualdl.api;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears what changes in the store. Register an implementation as an OSGi service; the maintainer
 * calls it from its loading thread after each pass that found something, so it must return
 * quickly.
 */
@ConsumerType
public interface StoreListener {
  void changed(List<StoreChange> changes);
}

/**
 * The read side of VisualDL's data model, as plugins see it.
 *
 * <p>A <em>run</em> is one folder of a log directory; a <em>tablet</em> is one tag of one run, of
 * one {@link org.visualdl.api.Kind}; a tablet holds records at steps. The Information Maintainer
 * publishes a {@link org.visualdl.api.LogStore} service that answers queries from memory:
 *
 * <pre>{@code
 * @Reference LogStore store;
 * ScalarPoints loss = store.scalars("exp1/train", "loss", ScalarQuery.all()).orElseThrow();
 * }</pre>
 */
@Export
@Version("2.2.0")
package org.visualdl.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

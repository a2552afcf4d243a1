/**
 * Computations that run in the Information Maintainer's bounded executor: histogram re-binning,
 * projections of embeddings, anything a plugin registers.
 *
 * <p>A plugin registers a {@link org.visualdl.api.compute.Computation} service and asks the
 * {@link org.visualdl.api.compute.ComputeService} for its result. The first request starts the
 * work and answers at once with its {@link org.visualdl.api.compute.ComputeStatus} (queued or
 * running, with progress and any intermediate result); later requests return the cached result.
 * A result is computed again when the data of its input tablets changes; work that nobody has
 * asked about for a while is cancelled.
 *
 * <pre>{@code
 * ComputeStatus s = compute.request(new ComputeRequest("pca",
 *     Map.of("dims", "2"), List.of(new TabletRef("exp1", "features", Kind.EMBEDDING))));
 * if (s.state() == ComputeStatus.State.DONE) { return s.result(); }
 * }</pre>
 */
@Export
@Version("1.0.0")
package org.visualdl.api.compute;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * TensorBoard's projector configuration schema ({@code proto/src/main/proto/tensorboard/}), for
 * the TensorBoard format reader; not part of VisualDL's record or payload schemas.
 */
@Export
@Version("1.0.0")
package org.visualdl.proto.tensorboard;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

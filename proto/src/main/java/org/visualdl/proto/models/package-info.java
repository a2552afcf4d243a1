/**
 * The fields VisualDL reads of other frameworks' model formats, with their own field numbers
 * ({@code proto/src/main/proto/visualdl/models/*.proto}): ONNX ({@link org.visualdl.proto.models.Onnx}),
 * TensorFlow's GraphDef ({@link org.visualdl.proto.models.TensorFlow}) and PaddlePaddle's
 * ProgramDesc ({@link org.visualdl.proto.models.Paddle}), and {@link
 * org.visualdl.proto.models.GraphDefs}, which wraps a graph found in a log into the payload of the
 * {@code graph} kind.
 */
@Export
@Version("1.0.0")
package org.visualdl.proto.models;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

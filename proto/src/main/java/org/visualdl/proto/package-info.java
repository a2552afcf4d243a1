/**
 * Generated classes of the VisualDL record schema ({@code proto/src/main/proto/visualdl/*.proto}).
 * Every frame of a record file carries one {@link org.visualdl.proto.Frame}.
 */
@Export
@Version("1.1.0")
package org.visualdl.proto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

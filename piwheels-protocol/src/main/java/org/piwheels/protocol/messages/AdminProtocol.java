package org.piwheels.protocol.messages;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.piwheels.protocol.Message;
import org.piwheels.protocol.Nullable;
import org.piwheels.protocol.Protocol;
import org.piwheels.protocol.cbor.CborWriter;
import org.piwheels.protocol.codec.CustomFormat;
import org.piwheels.protocol.codec.DataFormat;
import org.piwheels.protocol.codec.InvalidDataException;
import org.piwheels.protocol.records.BuildState;

/**
 * {@code mr_chase}: {@code piw-import}, {@code piw-add}, {@code piw-remove} and
 * {@code piw-rebuild} (REQ) and the master (ROUTER, default {@code ipc:///tmp/piw-import})
 * (spec §6.3, §7.3).
 */
public final class AdminProtocol {
    private AdminProtocol() {
    }

    /** What a tool sends. */
    public sealed interface ToolRequest extends Message {
    }

    /** What the master answers. */
    public sealed interface AdminReply extends Message {
    }

    /** Import a build made elsewhere. @param build the build, its slave id 0 */
    public record Import(BuildState build) implements ToolRequest {
    }

    /** The file asked for has been transferred. */
    public record Sent() implements ToolRequest {
    }

    /**
     * Add (or change) a package.
     *
     * @param name        the name as typed
     * @param description its description
     * @param skipReason  a reason to skip it, "" for none
     * @param unskip      whether to clear a skip
     * @param aliases     further names for it
     */
    public record AddPkg(String name, String description, String skipReason, boolean unskip, List<String> aliases)
            implements ToolRequest {
    }

    /**
     * Add (or change) a version.
     *
     * @param name       the package name as typed
     * @param version    the version
     * @param skipReason a reason to skip it, "" for none
     * @param unskip     whether to clear a skip
     * @param released   its release time (ignored if the version exists)
     * @param yank       whether to mark it yanked
     * @param unyank     whether to clear the yank
     * @param aliases    further names for the package
     */
    public record AddVer(String name, String version, String skipReason, boolean unskip, Instant released,
                         boolean yank, boolean unyank, List<String> aliases) implements ToolRequest {
    }

    /**
     * Remove a package, or only its builds.
     *
     * @param name       the package
     * @param builds     whether to remove only the builds
     * @param skipReason a reason to skip it afterwards, "" for none
     */
    public record RemPkg(String name, boolean builds, String skipReason) implements ToolRequest {
    }

    /**
     * Remove a version, or only its builds, or yank it.
     *
     * @param name       the package
     * @param version    the version
     * @param builds     whether to remove only the builds
     * @param skipReason a reason to skip it afterwards, "" for none
     * @param yank       whether to yank instead of removing
     */
    public record RemVer(String name, String version, boolean builds, String skipReason, boolean yank)
            implements ToolRequest {
    }

    /**
     * Rewrite part of the web site: {@code ["HOME"]}, {@code ["SEARCH"]},
     * {@code ["PROJECT", package?]} or {@code ["BOTH", package?]}.
     *
     * @param part        {@code HOME}, {@code SEARCH}, {@code PROJECT} or {@code BOTH}
     * @param packageName for PROJECT and BOTH, the package, or {@code null} for all
     */
    @CustomFormat(RebuildFormat.class)
    public record Rebuild(String part, @Nullable String packageName) implements ToolRequest {
        /** The parts of the site that can be rebuilt. */
        public static final Set<String> PARTS = Set.of("HOME", "SEARCH", "PROJECT", "BOTH");

        /** @return whether this part names a package (or all packages) */
        public boolean hasPackage() {
            return "PROJECT".equals(part) || "BOTH".equals(part);
        }
    }

    /** Transfer this file now, with slave id 0. @param filename the file */
    public record Send(String filename) implements AdminReply {
    }

    /** Done. @param result a word saying what happened */
    public record Done(String result) implements AdminReply {
    }

    /** Failed. @param message a result word or a message */
    public record Error(String message) implements AdminReply {
    }

    /** The one-of format of {@code REBUILD}'s data. */
    public static final class RebuildFormat implements DataFormat<Rebuild> {
        private static final String EXPECTED =
                "expected [\"HOME\"], [\"SEARCH\"], [\"PROJECT\", text or null] or [\"BOTH\", text or null]";

        @Override
        public void write(CborWriter out, Rebuild value) {
            if (value.part() == null || !Rebuild.PARTS.contains(value.part())) {
                throw new InvalidDataException("unknown part " + value.part()).at("part");
            }
            if (value.hasPackage()) {
                out.startArray(2).writeText(value.part());
                if (value.packageName() == null) {
                    out.writeNull();
                } else {
                    out.writeText(value.packageName());
                }
            } else {
                if (value.packageName() != null) {
                    throw new InvalidDataException(value.part() + " takes no package").at("packageName");
                }
                out.startArray(1).writeText(value.part());
            }
        }

        @Override
        public Rebuild read(Object cbor) {
            if (cbor instanceof List) {
                List<?> items = (List<?>) cbor;
                Object part = items.isEmpty() ? null : items.get(0);
                if (items.size() == 1 && ("HOME".equals(part) || "SEARCH".equals(part))) {
                    return new Rebuild((String) part, null);
                }
                if (items.size() == 2 && ("PROJECT".equals(part) || "BOTH".equals(part))) {
                    Object pkg = items.get(1);
                    if (pkg == null || pkg instanceof String) {
                        return new Rebuild((String) part, (String) pkg);
                    }
                }
            }
            throw new InvalidDataException(EXPECTED);
        }
    }

    /** The master's side. */
    public static final Protocol<AdminReply, ToolRequest> MASTER =
            Protocol.of("mr_chase", AdminReply.class, ToolRequest.class);

    /** A tool's side. */
    public static final Protocol<ToolRequest, AdminReply> TOOL = MASTER.reverse();
}

package org.piwheels.master.admin;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.piwheels.master.build.BuildFileCheck;
import org.piwheels.master.clients.DbClient;
import org.piwheels.master.clients.FsClient;
import org.piwheels.master.clients.RpcException;
import org.piwheels.master.clients.WebClient;
import org.piwheels.protocol.messages.AdminProtocol.AdminReply;
import org.piwheels.protocol.messages.AdminProtocol.Done;
import org.piwheels.protocol.messages.AdminProtocol.Error;
import org.piwheels.protocol.messages.AdminProtocol.Send;
import org.piwheels.protocol.records.BuildState;
import org.piwheels.protocol.records.FileState;
import org.slf4j.Logger;

/**
 * The {@code IMPORT}/{@code SENT} conversation of {@code piw-import} (components
 * spec §5.9, protocol spec §7.3): checks the build, records it, then asks for its
 * files one by one until the file receiver has verified them all. State is kept
 * per client and dropped by {@link #forget} after any {@code DONE} or {@code ERROR}.
 */
final class BuildImports {
    private final DbClient db;
    private final FsClient fs;
    private final WebClient web;
    private final Logger log;
    private final Map<ClientId, ImportInProgress> imports = new HashMap<>();

    BuildImports(DbClient db, FsClient fs, WebClient web, Logger log) {
        this.db = db;
        this.fs = fs;
        this.web = web;
        this.log = log;
    }

    /** {@code IMPORT}: a new import for this client (replacing any earlier one). */
    AdminReply start(ClientId client, BuildState requested) {
        imports.remove(client);
        if (!requested.status()) {
            log.error("attempting to add failed build");
            return new Error("importing a failed build is not supported");
        }
        if (requested.files().isEmpty()) {
            log.error("attempting to add empty build");
            return new Error("no files listed for import");
        }
        // beyond 0.23: the build is recorded before its files arrive, so unsafe or foreign names must stop here
        for (FileState f : requested.files()) {
            String problem = BuildFileCheck.unsafeName(requested.packageName(), f);
            if (problem != null) {
                log.error("refusing import: {}", problem);
                return new Error(problem);
            }
        }
        ImportInProgress state = new ImportInProgress(requested);
        BuildState build = state.build();
        if (!db.buildAbis(false).contains(build.abiTag())) {
            log.error("invalid ABI: {}", build.abiTag());
            return new Error("invalid ABI: " + build.abiTag());
        }
        if (!db.versionExists(build.packageName(), build.version())) {
            log.error("unknown package version {} {}", build.packageName(), build.version());
            return new Error("unknown package version " + build.packageName() + " " + build.version());
        }
        try {
            state.recorded(db.logBuild(build));
        } catch (RpcException e) {
            log.error("failed to log build: {}", e.getMessage());
            return new Error(e.getMessage());
        }
        log.info("registered build for {} {}", build.packageName(), build.version());
        imports.put(client, state);
        return expectNext(state);
    }

    /** {@code SENT}: the client has uploaded the file it was asked for. */
    AdminReply sent(ClientId client) {
        ImportInProgress state = imports.get(client);
        if (state == null) {
            log.error("SENT from a client with no import in progress");
            return new Error("protocol violation");
        }
        FileState file = state.nextFile();
        String pkg = state.build().packageName();
        Optional<Map<String, String>> published = fs.verifyAndPublish(0, pkg);
        if (published.isEmpty()) {
            log.info("re-send {}", file.filename());
            return expect(file);
        }
        log.info("verified transfer of {}", file.filename());
        storeCoreMetadata(published.get());
        state.arrived(file);
        if (state.nextFile() != null) {
            return expectNext(state);
        }
        web.log(state.buildId(), state.build().output());
        web.both(pkg);
        return new Done("IMPORT");
    }

    // The build was recorded before its files came, so their PEP 658 hashes are stored now. Without
    // them the pages are still right: the site writer hashes the .metadata file and stores it then.
    private void storeCoreMetadata(Map<String, String> hashes) {
        try {
            db.setCoreMetadata(hashes);
        } catch (RpcException e) {
            log.warn("cannot store the core-metadata hashes of {}: {}", hashes.keySet(), e.getMessage());
        }
    }

    /** Drops the client's import, if any. */
    void forget(ClientId client) {
        imports.remove(client);
    }

    private AdminReply expectNext(ImportInProgress state) {
        return expect(state.nextFile());
    }

    // The receiver forgets an upload whose verification failed, so a retry needs a fresh EXPECT.
    private AdminReply expect(FileState file) {
        fs.expect(0, file);
        log.info("send {}", file.filename());
        return new Send(file.filename());
    }
}

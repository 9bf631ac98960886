package org.piwheels.master.pypi;

/** What an event asks the follower to do (the action strings of 0.23's event tuples). */
public enum PypiAction {
    /** A new project ({@code version} null), or a version whose first file is a binary. */
    CREATE,
    /** A version gained a source file. */
    SOURCE,
    /** A project ({@code version} null) or a release was removed. */
    REMOVE,
    YANK,
    UNYANK
}

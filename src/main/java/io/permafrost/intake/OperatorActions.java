package io.permafrost.intake;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Told of every change the intake made, after it committed: the one place an audit trail hooks in.
 *
 * @see #LOG the default, which writes each action to the server log
 */
@FunctionalInterface
public interface OperatorActions {

    /**
     * @param who       "operator:" + the OS user of the process that asked
     * @param what      ImportArchive, CreateVault, SetVaultAccessPolicy, AddTagsToVault,
     *                  SetVaultNotifications or InitiateVaultLock
     * @param archiveId the archive's id for ImportArchive, the lock id for InitiateVaultLock, else null
     */
    void performed(String who, String what, String accountId, String vaultName, String archiveId);

    OperatorActions LOG = new OperatorActions() {
        private final Logger log = LoggerFactory.getLogger(OperatorActions.class);

        @Override
        public void performed(String who, String what, String accountId, String vaultName, String archiveId) {
            log.info("{} {} {}/{}{}", who, what, accountId, vaultName, archiveId == null ? "" : " " + archiveId);
        }
    };
}

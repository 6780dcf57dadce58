"""The boto3 workflow of the client matrix: python3 boto3_workflow.py ENDPOINT. Prints 'ok' at the end."""
import io
import json
import os
import sys
import time

import boto3
from botocore.utils import calculate_tree_hash

endpoint = sys.argv[1]
glacier = boto3.client("glacier", endpoint_url=endpoint)
vault = "boto3"

glacier.create_vault(vaultName=vault)
small = b"archived by boto3"
small_id = glacier.upload_archive(vaultName=vault, body=small)["archiveId"]

part_size = 1024 * 1024
big = os.urandom(2 * part_size)
upload_id = glacier.initiate_multipart_upload(vaultName=vault, partSize=str(part_size))["uploadId"]
for start in range(0, len(big), part_size):
    part = big[start:start + part_size]
    glacier.upload_multipart_part(vaultName=vault, uploadId=upload_id, body=part,
                                  range="bytes %d-%d/*" % (start, start + len(part) - 1))
big_id = glacier.complete_multipart_upload(vaultName=vault, uploadId=upload_id, archiveSize=str(len(big)),
                                           checksum=calculate_tree_hash(io.BytesIO(big)))["archiveId"]
assert vault in [v["VaultName"] for v in glacier.list_vaults()["VaultList"]]


def completed(parameters):
    job_id = glacier.initiate_job(vaultName=vault, jobParameters=parameters)["jobId"]
    while not glacier.describe_job(vaultName=vault, jobId=job_id)["Completed"]:
        time.sleep(0.1)
    return glacier.get_job_output(vaultName=vault, jobId=job_id)["body"].read()


inventory = json.loads(completed({"Type": "inventory-retrieval"}))
assert {small_id, big_id} <= {a["ArchiveId"] for a in inventory["ArchiveList"]}, inventory
assert completed({"Type": "archive-retrieval", "ArchiveId": small_id}) == small
assert completed({"Type": "archive-retrieval", "ArchiveId": big_id}) == big

# The resource API, as the README's boto3 users write it.
resource_vault = boto3.resource("glacier", endpoint_url=endpoint).Vault("-", vault)
assert resource_vault.vault_name == vault
for archive_id in (small_id, big_id):
    glacier.delete_archive(vaultName=vault, archiveId=archive_id)
glacier.delete_vault(vaultName=vault)
print("ok")

// The AWS SDK for JavaScript v3 workflow of the client matrix: node js_workflow.mjs ENDPOINT. Prints 'ok' at the end.
// ES modules ignore NODE_PATH: the test copies this script into the folder holding node_modules.
import { createHash, randomBytes } from "node:crypto";
import assert from "node:assert/strict";
import {
  GlacierClient, CreateVaultCommand, UploadArchiveCommand, InitiateMultipartUploadCommand,
  UploadMultipartPartCommand, CompleteMultipartUploadCommand, ListVaultsCommand, InitiateJobCommand,
  DescribeJobCommand, GetJobOutputCommand, DeleteArchiveCommand, DeleteVaultCommand,
} from "@aws-sdk/client-glacier";

const glacier = new GlacierClient({ endpoint: process.argv[2], region: process.env.AWS_REGION });
const accountId = "-";
const vaultName = "js-v3";
const MIB = 1024 * 1024;

// The SDK computes the tree hash of uploads and parts itself, but not the one CompleteMultipartUpload needs.
function treeHash(data) {
  let level = [];
  for (let start = 0; start < data.length; start += MIB) {
    level.push(createHash("sha256").update(data.subarray(start, start + MIB)).digest());
  }
  while (level.length > 1) {
    const next = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length
        ? createHash("sha256").update(Buffer.concat([level[i], level[i + 1]])).digest() : level[i]);
    }
    level = next;
  }
  return level[0].toString("hex");
}

async function completed(jobParameters) {
  const { jobId } = await glacier.send(new InitiateJobCommand({ accountId, vaultName, jobParameters }));
  while (!(await glacier.send(new DescribeJobCommand({ accountId, vaultName, jobId }))).Completed) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const output = await glacier.send(new GetJobOutputCommand({ accountId, vaultName, jobId }));
  return Buffer.from(await output.body.transformToByteArray());
}

await glacier.send(new CreateVaultCommand({ accountId, vaultName }));
const small = Buffer.from("archived by the JavaScript SDK v3");
const smallId = (await glacier.send(new UploadArchiveCommand({ accountId, vaultName, body: small }))).archiveId;

const big = randomBytes(2 * MIB);
const { uploadId } = await glacier.send(new InitiateMultipartUploadCommand({ accountId, vaultName,
  partSize: String(MIB) }));
for (let start = 0; start < big.length; start += MIB) {
  const part = big.subarray(start, start + MIB);
  await glacier.send(new UploadMultipartPartCommand({ accountId, vaultName, uploadId, body: part,
    range: `bytes ${start}-${start + part.length - 1}/*` }));
}
const bigId = (await glacier.send(new CompleteMultipartUploadCommand({ accountId, vaultName, uploadId,
  archiveSize: String(big.length), checksum: treeHash(big) }))).archiveId;

const vaults = (await glacier.send(new ListVaultsCommand({ accountId }))).VaultList.map((v) => v.VaultName);
assert.ok(vaults.includes(vaultName), `${vaults}`);

const inventory = JSON.parse((await completed({ Type: "inventory-retrieval" })).toString("utf8"));
const listed = inventory.ArchiveList.map((a) => a.ArchiveId);
assert.ok(listed.includes(smallId) && listed.includes(bigId), JSON.stringify(inventory));
assert.ok((await completed({ Type: "archive-retrieval", ArchiveId: smallId })).equals(small));
assert.ok((await completed({ Type: "archive-retrieval", ArchiveId: bigId })).equals(big));

for (const archiveId of [smallId, bigId]) {
  await glacier.send(new DeleteArchiveCommand({ accountId, vaultName, archiveId }));
}
await glacier.send(new DeleteVaultCommand({ accountId, vaultName }));
console.log("ok");

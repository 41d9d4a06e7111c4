import { execFile, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

/**
 * A THROWAWAY public-key infrastructure for the TLS tests of the test double: a CA and server certificates signed by
 * it, generated at run time with the `openssl` command into a directory the caller owns (and deletes). Keys are never
 * committed: a key in the repository would be a key anyone could use, and an expiring fixture would break the
 * tests on a date nobody remembers. Validity is one day, since nothing outlives the test run.
 *
 * EC P-256 keeps generation fast (well under a second per key, where RSA-2048 can take seconds on a slow runner).
 */

export interface TestCertificate {
  keyFile: string;
  certFile: string;
  key: string;
  cert: string;
}

export interface TestPki {
  dir: string;
  /** The CA certificate (PEM): what ELASTIC_CA_FILE names. */
  caFile: string;
  /** Signed by the CA for IP 127.0.0.1 and DNS localhost: what the double serves when verification must pass. */
  server: TestCertificate;
  /** Signed by the same CA for another host name only: verification must refuse it at 127.0.0.1. */
  otherHost: TestCertificate;
}

const run = promisify(execFile);

/** Whether `openssl` can be run here (the TLS tests skip without it, and say so). */
export function opensslAvailable(): boolean {
  const result = spawnSync("openssl", ["version"], { stdio: "ignore" });
  return result.error === undefined && result.status === 0;
}

/**
 * Writes the CA and the two server certificates into `dir`. Uses its own minimal OpenSSL configuration so the
 * result does not depend on the system's openssl.cnf (absent on some images, and its default `v3_ca` section
 * would clash with explicit extensions).
 */
export async function createTestPki(dir: string): Promise<TestPki> {
  const config = join(dir, "openssl.cnf");
  await writeFile(
    config,
    [
      "[req]",
      "distinguished_name = dn",
      "prompt = no",
      "[dn]",
      "CN = ntlm-siem throwaway test CA",
      "[v3_ca]",
      "basicConstraints = critical, CA:TRUE",
      "keyUsage = critical, keyCertSign, cRLSign",
      "subjectKeyIdentifier = hash",
      "",
    ].join("\n"),
  );
  const caKey = join(dir, "ca.key");
  const caFile = join(dir, "ca.pem");
  await run("openssl", [
    "req",
    "-x509",
    "-config",
    config,
    "-extensions",
    "v3_ca",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    caKey,
    "-out",
    caFile,
    "-days",
    "1",
    "-subj",
    "/CN=ntlm-siem throwaway test CA",
  ]);
  const server = await issue(dir, config, caFile, caKey, "server", "localhost", [
    "IP:127.0.0.1",
    "DNS:localhost",
  ]);
  const otherHost = await issue(dir, config, caFile, caKey, "other-host", "es.other.invalid", [
    "DNS:es.other.invalid",
  ]);
  return { dir, caFile, server, otherHost };
}

async function issue(
  dir: string,
  config: string,
  caFile: string,
  caKey: string,
  name: string,
  commonName: string,
  altNames: string[],
): Promise<TestCertificate> {
  const keyFile = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const certFile = join(dir, `${name}.pem`);
  const extensions = join(dir, `${name}.ext`);
  // Host names are checked against subjectAltName only (RFC 6125; Node ignores the CN when SANs are present).
  await writeFile(
    extensions,
    [
      "basicConstraints = critical, CA:FALSE",
      "keyUsage = critical, digitalSignature",
      "extendedKeyUsage = serverAuth",
      `subjectAltName = ${altNames.join(", ")}`,
      "",
    ].join("\n"),
  );
  await run("openssl", [
    "req",
    "-new",
    "-config",
    config,
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    keyFile,
    "-out",
    csr,
    "-subj",
    `/CN=${commonName}`,
  ]);
  await run("openssl", [
    "x509",
    "-req",
    "-in",
    csr,
    "-CA",
    caFile,
    "-CAkey",
    caKey,
    // A random serial instead of -CAcreateserial: no .srl file left behind, no clash between the two leaves.
    "-set_serial",
    `0x${randomBytes(8).toString("hex")}`,
    "-days",
    "1",
    "-extfile",
    extensions,
    "-out",
    certFile,
  ]);
  return {
    keyFile,
    certFile,
    key: await readFile(keyFile, "utf8"),
    cert: await readFile(certFile, "utf8"),
  };
}

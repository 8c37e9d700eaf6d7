// Offline interoperability check between Déclic records and the Digital Bazaar
// reference libraries. Usage:
//   node interop.mjs verify FILE...        prints one JSON line per file: {file, verified, error}
//   node interop.mjs issue SUITE OUT.json  issues a sample credential with a new key
// The document loader serves only the two embedded contexts and resolves did:key
// locally; any other URL throws, so nothing is ever fetched from the network.
import {readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import path from 'node:path';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as rdfcSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {createSignCryptosuite as jcsSign, createVerifyCryptosuite as jcsVerify} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as didKey from '@digitalbazaar/did-method-key';

const here = path.dirname(fileURLToPath(import.meta.url));
const contexts = new Map([
  ['https://www.w3.org/ns/credentials/v2', 'credentials-v2.jsonld'],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'ob-context-3.0.3.json'],
].map(([url, file]) => [url, JSON.parse(readFileSync(path.join(here, '..', 'contexts', file), 'utf8'))]));

const didKeyDriver = didKey.driver();
didKeyDriver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

async function documentLoader(url) {
  if (contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: structuredClone(contexts.get(url))};
  }
  if (url.startsWith('did:key:')) {
    const document = await didKeyDriver.get({url});
    return {contextUrl: null, documentUrl: url, document};
  }
  throw new Error(`offline loader: refusing to load ${url}`);
}

async function verify(files) {
  for (const file of files) {
    const credential = JSON.parse(readFileSync(file, 'utf8'));
    const cs = credential.proof?.cryptosuite === 'eddsa-jcs-2022' ? jcsVerify() : rdfcSuite;
    const suite = new DataIntegrityProof({cryptosuite: cs});
    let out;
    try {
      const result = await vc.verifyCredential({credential, suite, documentLoader});
      const err = result.error?.errors?.[0] ?? result.error ?? result.results?.find(r => !r.verified)?.error;
      out = {file, verified: result.verified, error: result.verified ? '' : String(err?.message ?? err)};
    } catch (e) {
      out = {file, verified: false, error: String(e?.message ?? e)};
    }
    console.log(JSON.stringify(out));
  }
}

async function issue(suiteName, out) {
  const keyPair = await Ed25519Multikey.generate();
  const did = `did:key:${keyPair.publicKeyMultibase}`;
  keyPair.id = `${did}#${keyPair.publicKeyMultibase}`;
  keyPair.controller = did;
  const credential = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'urn:uuid:6a1f0c2e-4b8d-4f3a-9e7c-2d5b8a9c0e11',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Module terminé : Le clavier',
    issuer: {id: did, type: ['Profile'], name: 'Émetteur de référence (JavaScript)'},
    validFrom: '2026-11-10T10:00:00Z',
    credentialSubject: {
      id: 'urn:uuid:0b7e4d2a-1c3f-4a5b-8d6e-9f0a1b2c3d4e',
      type: ['AchievementSubject'],
      activityStartDate: '2026-11-09T09:00:00Z',
      activityEndDate: '2026-11-10T09:30:00Z',
      creditsEarned: 2,
      result: [{
        type: ['Result'],
        resultDescription: 'urn:declic:achievement:fr.declic.premiers-pas:03-le-clavier#active-minutes',
        value: '75',
      }],
      achievement: {
        id: 'urn:declic:achievement:fr.declic.premiers-pas:03-le-clavier',
        type: ['Achievement'],
        name: 'Le clavier',
        description: 'Écrire des lettres, des chiffres et des majuscules.',
        criteria: {narrative: 'Terminer le module.'},
        creditsAvailable: 2,
        resultDescription: [{
          id: 'urn:declic:achievement:fr.declic.premiers-pas:03-le-clavier#active-minutes',
          type: ['ResultDescription'],
          name: 'Temps actif (minutes)',
          resultType: 'ext:ActiveMinutes',
        }],
      },
    },
  };
  const cs = suiteName === 'eddsa-jcs-2022' ? jcsSign() : rdfcSuite;
  const suite = new DataIntegrityProof({signer: keyPair.signer(), cryptosuite: cs});
  suite.date = '2026-11-10T10:00:00Z';
  const signed = await vc.issue({credential, suite, documentLoader});
  writeFileSync(out, JSON.stringify(signed, null, 2));
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'verify') {
  await verify(args);
} else if (cmd === 'issue') {
  await issue(args[0], args[1]);
} else {
  console.error('usage: node interop.mjs verify FILE... | issue SUITE OUT.json');
  process.exit(2);
}

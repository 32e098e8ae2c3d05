// The Vercel function's entry: the bundle of cloud/src/vercel.ts that
// `npm run build:vercel` writes (vercel.json's buildCommand runs it before
// Vercel traces this file). Plain JavaScript, so Vercel does not compile it.
export { default } from '../dist/vercel/index.js';

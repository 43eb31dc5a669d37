/* `npm run bench`: every benchmark, one after the other; figures also go to bench/results/latest.json. */
const fs = require('node:fs');
const path = require('node:path');
const { runMain } = require('./lib');

async function main() {
  const results = { date: new Date().toISOString() };
  results.publicRead = await require('./public-read').run();
  if (!process.argv.includes('--read-only')) results.publicCache = await require('./public-cache').run();
  if (fs.existsSync(path.join(__dirname, 'maintenance.js')) && !process.argv.includes('--read-only')) {
    results.maintenance = await require('./maintenance').run();
  }
  if (!process.argv.includes('--read-only')) results.limits = await require('./limits').run();
  if (!process.argv.includes('--read-only')) results.alerts = await require('./alerts').run();
  if (fs.existsSync(path.join(__dirname, 'series.js')) && !process.argv.includes('--read-only')) {
    results.series = await require('./series').run();
  }
  if (fs.existsSync(path.join(__dirname, 'subscribers.js')) && !process.argv.includes('--read-only')) {
    results.subscribers = await require('./subscribers').run();
  }
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
}

runMain(main);

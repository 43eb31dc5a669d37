/*
 * jest transform for the ES-module-only packages in node_modules (NestJS 12,
 * marked, feed, ...). jest's own loader on Node 20 cannot load ES modules
 * (require(esm) in jest needs Node 24.9+), so TypeScript's transpiler turns
 * their import/export into require/exports. Two ESM-only things need a rewrite
 * first, or the result does not run as CommonJS:
 *   - `import.meta.url` / `.filename` / `.dirname` become their CommonJS
 *     equivalents (from `__filename` / `__dirname`); any other use of
 *     `import.meta` fails the transform, loudly;
 *   - a top-level `const require = createRequire(...)` is dropped: CommonJS
 *     code has its own `require` (jest's, so modules stay in jest's registry),
 *     and redeclaring it is a SyntaxError inside jest's module wrapper.
 * The build does not use this: Node 20.19+ loads Nest's ESM through require(esm).
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const ts = require('typescript');

const SELF = fs.readFileSync(__filename, 'utf8');
const f = ts.factory;

const isImportMeta = (node) => ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword;

function commonJsEquivalent(property) {
  if (property === 'filename') return f.createIdentifier('__filename');
  if (property === 'dirname') return f.createIdentifier('__dirname');
  // require('url').pathToFileURL(__filename).href
  const url = f.createCallExpression(f.createIdentifier('require'), undefined, [f.createStringLiteral('url')]);
  const call = f.createCallExpression(f.createPropertyAccessExpression(url, 'pathToFileURL'), undefined, [
    f.createIdentifier('__filename'),
  ]);
  return f.createPropertyAccessExpression(call, 'href');
}

function redeclaresRequire(statement) {
  if (!ts.isVariableStatement(statement)) return false;
  const { declarations } = statement.declarationList;
  return declarations.length === 1 && ts.isIdentifier(declarations[0].name) && declarations[0].name.text === 'require';
}

const rewriteEsmOnly = (context) => (sourceFile) => {
  const visit = (node) => {
    if (ts.isPropertyAccessExpression(node) && isImportMeta(node.expression)) {
      const property = node.name.text;
      if (['url', 'filename', 'dirname'].includes(property)) return commonJsEquivalent(property);
    }
    if (isImportMeta(node)) {
      throw new Error(`${sourceFile.fileName}: only import.meta.url, .filename and .dirname can be compiled to CommonJS`);
    }
    return ts.visitEachChild(node, visit, context);
  };
  const statements = sourceFile.statements.filter((statement) => !redeclaresRequire(statement));
  return ts.visitEachChild(f.updateSourceFile(sourceFile, statements), visit, context);
};

module.exports = {
  process(sourceText, sourcePath) {
    const { outputText, sourceMapText } = ts.transpileModule(sourceText, {
      fileName: sourcePath.replace(/\.mjs$/, '.js'),
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        allowJs: true,
        esModuleInterop: true,
        sourceMap: true,
      },
      transformers: { before: [rewriteEsmOnly] },
    });
    return { code: outputText.replace(/\n\/\/# sourceMappingURL=.*$/, ''), map: sourceMapText };
  },
  getCacheKey(sourceText, sourcePath) {
    return crypto.createHash('sha256').update(SELF).update(ts.version).update(sourcePath).update(sourceText).digest('hex');
  },
};

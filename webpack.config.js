// Builds four bundles into dist/: the extension and its worker (Node, inside the extension host),
// the command-line tool (Node), and the cluster view's script (browser, inside the webview).
'use strict';

const path = require('path');
const webpack = require('webpack');
const CopyPlugin = require('copy-webpack-plugin');

const dist = path.resolve(__dirname, 'dist');
const wasmFiles = path.resolve(__dirname, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm');

const typescriptRule = {
  test: /\.ts$/,
  exclude: /node_modules/,
  use: [{ loader: 'ts-loader', options: { transpileOnly: true } }],
};

const webviewTypescriptRule = {
  ...typescriptRule,
  use: [
    {
      loader: 'ts-loader',
      options: {
        transpileOnly: true,
        configFile: path.resolve(__dirname, 'src/webview/tsconfig.json'),
      },
    },
  ],
};

/** @type {(env: unknown, argv: { mode?: string }) => import('webpack').Configuration[]} */
module.exports = (_env, argv) => {
  const production = argv.mode === 'production';
  const shared = {
    mode: production ? 'production' : 'development',
    devtool: production ? false : 'source-map',
    resolve: { extensions: ['.ts', '.js'] },
    module: { rules: [typescriptRule] },
    performance: { hints: false },
  };

  const node = {
    ...shared,
    name: 'node',
    target: 'node20',
    entry: {
      extension: './src/extension/extension.ts',
      worker: './src/worker/worker.ts',
      cli: './src/cli/cli.ts',
    },
    output: { path: dist, filename: '[name].js', libraryTarget: 'commonjs2', clean: false },
    // __dirname stays the bundle's folder, where the .wasm files are copied.
    node: { __dirname: false, __filename: false },
    externals: {
      vscode: 'commonjs vscode',
      '@tensorflow/tfjs-node': 'commonjs @tensorflow/tfjs-node',
    },
    optimization: {
      splitChunks: {
        chunks: (chunk) => chunk.name !== 'extension',
        cacheGroups: {
          tfjs: { test: /[\\/]node_modules[\\/]@tensorflow[\\/]/, name: 'tfjs', priority: 10 },
        },
      },
    },
    plugins: [
      new CopyPlugin({ patterns: [{ from: wasmFiles, to: '[name][ext]' }] }),
      new webpack.BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, include: /^cli\.js$/ }),
    ],
    ignoreWarnings: [/Critical dependency/, /Can't resolve '(fs|path|crypto|worker_threads)'/],
  };

  const webview = {
    ...shared,
    name: 'webview',
    target: 'web',
    entry: { webview: './src/webview/main.ts' },
    // ES module output keeps three.js's module build: its CommonJS build expects Node's `process`.
    module: { rules: [webviewTypescriptRule] },
    output: { path: dist, filename: '[name].js' },
  };

  return [node, webview];
};

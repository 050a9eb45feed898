#!/usr/bin/env node
/** `docgap-language-server`: the language server alone, for editors that start a server by its own name. */
import {startServer} from './server.js'

startServer()

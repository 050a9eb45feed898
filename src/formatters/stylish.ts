/** For people: findings grouped by file, with a summary (vfile-reporter, as remark-cli prints). */
import {reporter} from 'vfile-reporter'
import type {Formatter} from './types.js'

const stylish: Formatter = (files, {color}) => {
  const report = reporter(files, {color, quiet: true})
  return report ? `${report}\n` : ''
}

export default stylish

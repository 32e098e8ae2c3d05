/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.gif'
declare module '*.jpg'
declare module '*.jpeg'
declare module '*.svg'
declare module '*.css'
declare module '*.scss'

/** Build-time define (config/index.ts): the API origin for weapp; from TARO_APP_API_BASE_URL. */
declare const API_BASE_URL: string

declare namespace NodeJS {
  interface ProcessEnv {
    /** Set by Taro at build time: the target platform. */
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'quickapp' | 'qq' | 'jd'
    TARO_APP_API_BASE_URL?: string
  }
}

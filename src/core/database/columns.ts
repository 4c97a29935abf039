import { CreateDateColumn, UpdateDateColumn } from 'typeorm';

/** `created_at` / `updated_at`, which every table has (the trigger keeps `updated_at` honest for raw SQL too). */
export abstract class Timestamped {
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

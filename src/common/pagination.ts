import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/* Not a *.dto.ts file, so the Swagger plugin does not read it: the spec comes from the decorators. */
export class PaginationQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1_000_000, default: 1, description: 'Page number, from 1.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page?: number = 1;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 25, description: 'Items per page (1-100).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  perPage?: number = 25;
}

export class PageMetaDto {
  @ApiProperty({ type: 'integer', description: 'Number of items across all pages.' }) total: number;
  @ApiProperty({ type: 'integer', description: "This page's number, from 1." }) page: number;
  @ApiProperty({ type: 'integer', description: 'Items per page.' }) perPage: number;
}

export interface Paginated<T> {
  data: T[];
  meta: PageMetaDto;
}

export function paging(q: PaginationQueryDto): { skip: number; take: number; page: number; perPage: number } {
  const page = q.page ?? 1;
  const perPage = q.perPage ?? 25;
  return { skip: (page - 1) * perPage, take: perPage, page, perPage };
}

/** One page of rows and the number of rows across all pages, as a repository's list query returns them. */
export interface PageOfRows<R> {
  rows: R[];
  total: number;
}

type PageLoader<R> = (skip: number, take: number) => Promise<PageOfRows<R>>;

/**
 * The page `query` asks for: `load` reads its rows (from `skip`, at most
 * `take`) and the total, `map` turns each row into its response (rows already
 * mapped without it).
 */
export function paginate<T>(query: PaginationQueryDto, load: PageLoader<T>): Promise<Paginated<T>>;
export function paginate<R, T>(query: PaginationQueryDto, load: PageLoader<R>, map: (row: R) => T): Promise<Paginated<T>>;
export async function paginate<R, T>(query: PaginationQueryDto, load: PageLoader<R>, map?: (row: R) => T): Promise<Paginated<T | R>> {
  const { skip, take, page, perPage } = paging(query);
  const { rows, total } = await load(skip, take);
  return { data: map ? rows.map((row) => map(row)) : rows, meta: { total, page, perPage } };
}

type Ctor<T> = new (...args: unknown[]) => T;

/** Builds the `{data, meta}` list schema for an item DTO (one named schema per list). */
export function PaginatedDto<T>(item: Ctor<T>): Ctor<Paginated<T>> {
  class List {
    @ApiProperty({ type: item, isArray: true })
    data: T[];

    @ApiProperty({ type: PageMetaDto })
    meta: PageMetaDto;
  }
  Object.defineProperty(List, 'name', { value: `${item.name.replace(/Dto$/, '')}ListDto` });
  return List as Ctor<Paginated<T>>;
}
